//! For each source, the query or command that exports exactly the per-minute
//! series the importer wants, with what to fill in. The page shows them with a
//! copy button and the README lists them; `tests/export.rs` checks each one
//! against a sample of the output it produces (`tests/data/usage/`).
use crate::Format;

/// One export recipe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Export {
    /// Where the data lives.
    pub source: &'static str,
    /// The query or command, ready to copy (placeholders in `<angle brackets>`).
    pub command: &'static str,
    /// A second file the command needs, when it has one (name, content).
    pub attachment: Option<(&'static str, &'static str)>,
    /// What to know before running it.
    pub notes: &'static str,
    /// The format of what it writes.
    pub produces: Format,
    /// The sample of its output under `tests/data/usage/`.
    pub sample: &'static str,
}

/// Azure Log Analytics: per-minute tokens per deployment.
pub const LOG_ANALYTICS: Export = Export {
    source: "Azure Log Analytics (KQL)",
    command: r#"AzureMetricsV2
| where TimeGenerated > ago(30d)
| where MetricName in~ ("InputTokens", "OutputTokens", "ProcessedPromptTokens", "GeneratedTokens")
| extend Deployment = tostring(Dimensions.ModelDeploymentName)
| summarize Total = sum(Total) by TimeGenerated = bin(TimeGenerated, 1m), MetricName, Deployment
| order by TimeGenerated asc"#,
    attachment: None,
    notes: "Needs the resource's metrics sent to the workspace by a diagnostic setting \
            (AllMetrics). AzureMetricsV2 keeps the ModelDeploymentName dimension; the older \
            AzureMetrics table has no dimensions and sums every deployment of the resource. \
            Run it in Logs, then Export > CSV (all columns): the times come as \
            `TimeGenerated [UTC]`. Pick one deployment or all after the import.",
    produces: Format::AzureLogAnalyticsCsv,
    sample: "azure-log-analytics.csv",
};

/// Azure Monitor metrics through the CLI (the REST API's JSON).
pub const AZ_MONITOR: Export = Export {
    source: "Azure Monitor (az CLI)",
    command: r#"az monitor metrics list \
  --resource /subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.CognitiveServices/accounts/<account> \
  --metrics InputTokens OutputTokens \
  --interval PT1M --aggregation Total \
  --filter "ModelDeploymentName eq '*'" \
  --start-time 2025-08-18T00:00:00Z --end-time 2025-08-19T00:00:00Z \
  --output json > azure-metrics.json"#,
    attachment: None,
    notes: "Metrics are kept 93 days at one-minute grain. Older resources report the legacy \
            names: use `--metrics ProcessedPromptTokens GeneratedTokens` (the importer reads \
            both, and ignores the legacy ones when both are present). The filter splits the \
            series by deployment. For several days, run one call per day and join the \
            responses in a JSON list: [ {…}, {…} ].",
    produces: Format::AzureMetricsJson,
    sample: "azure-metrics.json",
};

/// The metric-data-queries file for [`CLOUDWATCH`].
pub const CLOUDWATCH_QUERIES: &str = r#"[
  {
    "Id": "input_0",
    "Label": "anthropic.claude-3-5-sonnet-20240620-v1:0 InputTokenCount",
    "MetricStat": {
      "Metric": {
        "Namespace": "AWS/Bedrock",
        "MetricName": "InputTokenCount",
        "Dimensions": [{ "Name": "ModelId", "Value": "anthropic.claude-3-5-sonnet-20240620-v1:0" }]
      },
      "Period": 60,
      "Stat": "Sum"
    }
  },
  {
    "Id": "output_0",
    "Label": "anthropic.claude-3-5-sonnet-20240620-v1:0 OutputTokenCount",
    "MetricStat": {
      "Metric": {
        "Namespace": "AWS/Bedrock",
        "MetricName": "OutputTokenCount",
        "Dimensions": [{ "Name": "ModelId", "Value": "anthropic.claude-3-5-sonnet-20240620-v1:0" }]
      },
      "Period": 60,
      "Stat": "Sum"
    }
  }
]"#;

/// AWS Bedrock token counts from CloudWatch.
pub const CLOUDWATCH: Export = Export {
    source: "AWS Bedrock (CloudWatch)",
    command: r#"aws cloudwatch get-metric-data \
  --metric-data-queries file://queries.json \
  --start-time 2025-08-18T00:00:00Z --end-time 2025-08-19T00:00:00Z \
  --output json > cloudwatch.json"#,
    attachment: Some(("queries.json", CLOUDWATCH_QUERIES)),
    notes: "CloudWatch keeps one-minute data for 15 days only (then 5-minute data for 63 days \
            and hourly for 455 days: set Period to 300 or 3600 for older periods; the import \
            spreads them and warns). Replace the ModelId (and its label) with yours; add a \
            pair of queries (input_1, output_1…) per model. Minutes without invocations have \
            no data point and count as zero.",
    produces: Format::CloudWatchJson,
    sample: "cloudwatch.json",
};

/// OpenAI organization usage API, one-minute buckets.
pub const OPENAI_API: Export = Export {
    source: "OpenAI usage API",
    command: r#"curl "https://api.openai.com/v1/organization/usage/completions?start_time=1755475200&end_time=1755561600&bucket_width=1m&limit=1440&group_by=model" \
  -H "Authorization: Bearer $OPENAI_ADMIN_KEY" \
  -H "Content-Type: application/json" > openai-usage.json"#,
    attachment: None,
    notes: "Needs an admin key. start_time and end_time are Unix seconds; one call returns at \
            most 1,440 one-minute buckets (a day): while the answer says has_more, call again \
            with &page=<next_page> and join the pages in a JSON list: [ {…}, {…} ]. \
            input_tokens include input_cached_tokens; the importer splits them.",
    produces: Format::OpenAiUsageJson,
    sample: "openai-usage.json",
};

/// Every recipe, in the order the page shows them.
pub const EXPORTS: [Export; 4] = [LOG_ANALYTICS, AZ_MONITOR, CLOUDWATCH, OPENAI_API];
