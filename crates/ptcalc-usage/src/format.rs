//! The export formats the importer recognizes, told apart by their content
//! (header names or JSON keys), never by the file name.

/// A recognized export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A CSV with one row per time step: a time column and token columns.
    WideCsv,
    /// A CSV with one row per request (its time and token counts).
    RequestLog,
    /// Azure Monitor metrics REST API JSON (`az monitor metrics list`).
    AzureMetricsJson,
    /// Azure Log Analytics CSV in long format (`TimeGenerated [UTC]`, `MetricName`, `Total`).
    AzureLogAnalyticsCsv,
    /// AWS CloudWatch `get-metric-data` JSON (`InputTokenCount`, `OutputTokenCount`).
    CloudWatchJson,
    /// OpenAI `GET /v1/organization/usage/completions` JSON.
    OpenAiUsageJson,
    /// OpenAI dashboard usage CSV export.
    OpenAiDashboardCsv,
}

impl Format {
    /// Every format, in the order the manual lists them.
    pub const ALL: [Format; 7] = [
        Format::WideCsv,
        Format::RequestLog,
        Format::AzureMetricsJson,
        Format::AzureLogAnalyticsCsv,
        Format::CloudWatchJson,
        Format::OpenAiUsageJson,
        Format::OpenAiDashboardCsv,
    ];

    /// A short stable id (`wide-csv`, `azure-metrics-json`…) for JSON and links.
    pub fn id(self) -> &'static str {
        match self {
            Format::WideCsv => "wide-csv",
            Format::RequestLog => "request-log",
            Format::AzureMetricsJson => "azure-metrics-json",
            Format::AzureLogAnalyticsCsv => "azure-log-analytics-csv",
            Format::CloudWatchJson => "cloudwatch-json",
            Format::OpenAiUsageJson => "openai-usage-json",
            Format::OpenAiDashboardCsv => "openai-dashboard-csv",
        }
    }

    /// What the page and CLI say was read.
    pub fn name(self) -> &'static str {
        match self {
            Format::WideCsv => "CSV with one row per time step",
            Format::RequestLog => "per-request log CSV",
            Format::AzureMetricsJson => "Azure Monitor metrics JSON",
            Format::AzureLogAnalyticsCsv => "Azure Log Analytics CSV",
            Format::CloudWatchJson => "AWS CloudWatch get-metric-data JSON",
            Format::OpenAiUsageJson => "OpenAI usage API JSON",
            Format::OpenAiDashboardCsv => "OpenAI dashboard usage CSV",
        }
    }

    /// Whether a minute with no row means zero traffic in this format. A request
    /// log lists every request; CloudWatch publishes Bedrock token metrics only
    /// for minutes with invocations; the OpenAI API lists every bucket of the
    /// range, empty ones included. In the other formats a missing minute may be
    /// an export hole, so the import warns with the count of missing minutes.
    pub fn gaps_are_zero(self) -> bool {
        matches!(
            self,
            Format::RequestLog | Format::CloudWatchJson | Format::OpenAiUsageJson
        )
    }
}
