// A host page's live figure from ptcalc's JavaScript API (README, "JavaScript API"): the
// scenario of the first embedded frame, evaluated in this page, written into #live as text.
import { evaluate, link } from "../ptcalc/ptcalc-api.js";

const live = document.getElementById("live");
const frame = document.getElementById("frame-azure");
const query = new URL(frame.getAttribute("src"), location.href).search;
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
try {
  const report = evaluate(query);
  const hybrid = report.hybrid;
  live.textContent = hybrid
    ? `${report.offering.name}: ${hybrid.units} ${report.offering.unit}s reserved, ${usd.format(report.monthly.hybrid)} per month (best hybrid); all on-demand ${usd.format(report.monthly.on_demand)}.`
    : report.verdict;
  live.dataset.link = link(query);
  live.dataset.monthlyHybrid = String(report.monthly.hybrid);
} catch (e) {
  live.textContent = `ptcalc could not evaluate this scenario: ${e.message}`;
}
