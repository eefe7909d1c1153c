// The load of `make loadtest` (bench/loadtest): one k6 scenario per kind, tagged with the kind.
// Configured only by environment variables (bench/loadtest/k6run.py sets them):
//   LT_BASE      server address, e.g. http://127.0.0.1:18100
//   LT_DATA      JSON written by bench.loadtest.seed (codes, tokens, wards, form)
//   LT_PDF       the small PDF attached to each submission
//   LT_PLAN      "kind:vus,kind:vus" (closed model: constant VUs for LT_DURATION), or
//                "kind:vus:rate,...": open model, each kind at its own arrival rate per second,
//   LT_RATE      or with LT_PLAN "kind:vus": open model, constant-arrival-rate of LT_RATE/s
//                (no coordinated omission: late responses do not slow the arrivals; k6 counts
//                dropped_iterations when it runs out of VUs)
//   LT_DURATION  e.g. "15s";  LT_RUN, LT_PHASE  the run's id and the phase's name (together they
//   keep each submission's Idempotency-Key new);  LT_POOL_OFFSET  first pool
//   dossier this phase may receive;  LT_SUMMARY  where handleSummary writes the JSON summary.
// Per kind: op_<kind> (Trend, ms: one operation, the sum of its requests' durations),
// ops_<kind> (Counter), err_<kind> (Rate: an operation with an unexpected status).
import http from "k6/http";
import exec from "k6/execution";
import { sleep } from "k6";
import { SharedArray } from "k6/data";
import { Counter, Rate, Trend } from "k6/metrics";

const KINDS = [
  "search_api", "search_page", "track_api", "track_page", "submit", "official_action",
  "portal_page", "bare_get", "bare_post",
];
const SEARCHES = [
  "khai sinh", "đăng ký khai sinh", "dang ki khai sinh", "kết hôn", "ket hon", "hộ kinh doanh",
  "ho kinh doanh", "xác nhận tình trạng hôn nhân", "chung thuc", "cấp bản sao", "thường trú",
  "tam tru",
];
const BASE = __ENV.LT_BASE;
const RUN = `${__ENV.LT_RUN || "run"}-${__ENV.LT_PHASE || "phase"}`;
const POOL_OFFSET = parseInt(__ENV.LT_POOL_OFFSET || "0", 10);
// The data file is parsed once for all VUs (a SharedArray is built by the first VU only):
// parsing its 20,000 codes in every VU's init cost a core while k6 started VUs mid-phase.
const tracked = new SharedArray("tracked", () => JSON.parse(open(__ENV.LT_DATA)).tracked);
const pool = new SharedArray("pool", () => JSON.parse(open(__ENV.LT_DATA)).pool);
const data = new SharedArray("data", () => {
  const { tracked: _t, pool: _p, ...rest } = JSON.parse(open(__ENV.LT_DATA));
  return [rest];
})[0];
const pdf = open(__ENV.LT_PDF, "b");

const metrics = {};
for (const kind of KINDS) {
  metrics[kind] = {
    op: new Trend(`op_${kind}`, true),
    ops: new Counter(`ops_${kind}`),
    err: new Rate(`err_${kind}`),
  };
}

function plan() {
  return (__ENV.LT_PLAN || "").split(",").filter(Boolean).map((part) => {
    const [kind, vus, rate] = part.split(":");
    return { kind, vus: parseInt(vus, 10), rate: rate ? parseInt(rate, 10) : 0 };
  });
}

function scenario({ kind, vus, rate }) {
  const common = { exec: kind, tags: { kind }, gracefulStop: "5s" };
  const arrivals = rate || parseInt(__ENV.LT_RATE || "0", 10);
  if (arrivals) {
    return {
      ...common, executor: "constant-arrival-rate", rate: arrivals,
      // every VU made before the phase starts: a VU started mid-phase costs the load
      // generator CPU just when the server is slow (k6 shares the cores with it)
      timeUnit: "1s", duration: __ENV.LT_DURATION, preAllocatedVUs: vus * 4, maxVUs: vus * 4,
    };
  }
  return { ...common, executor: "constant-vus", vus, duration: __ENV.LT_DURATION };
}

export const options = {
  scenarios: Object.fromEntries(plan().map((p) => [p.kind, scenario(p)])),
  summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "count"],
  // bodies are read only where asked (`responseType: "text"`: the created dossier's code)
  discardResponseBodies: true,
  // the summary reads only the custom metrics: no per-URL or per-name tags to build and keep
  systemTags: ["status", "method", "scenario"],
  noConnectionReuse: false,
};

function pick(list) {
  return list[Math.floor(Math.random() * list.length)];
}

// One operation: its requests in order; an unexpected status ends it as an error.
function operation(kind, steps) {
  let total = 0;
  let ok = true;
  let previous = null;
  for (const step of steps) {
    const { res, expect } = step(previous);
    total += res.timings.duration;
    if (res.status !== expect) {
      ok = false;
      break;
    }
    previous = res;
  }
  metrics[kind].op.add(total);
  metrics[kind].ops.add(1);
  metrics[kind].err.add(!ok);
}

function get(path, expect = 200, params = {}) {
  return () => ({ res: http.get(`${BASE}${path}`, params), expect });
}

function bearer(token, extra = {}) {
  return { headers: { Authorization: `Bearer ${token}`, ...extra } };
}

export function search_api() {
  operation("search_api", [get(`/api/v1/procedures?q=${encodeURIComponent(pick(SEARCHES))}`)]);
}

export function search_page() {
  operation("search_page", [get(`/?q=${encodeURIComponent(pick(SEARCHES))}`)]);
}

export function track_api() {
  operation("track_api", [get(`/api/v1/track/${pick(tracked)}`)]);
}

export function track_page() {
  operation("track_page", [get(`/tra-cuu/${pick(tracked)}/`)]);
}

export function portal_page() {
  const path = Math.random() < 0.5 ? "/" : `/thu-tuc/${data.procedure}/`;
  operation("portal_page", [get(path)]);
}

export function submit() {
  const key = `lt-${RUN}-${exec.scenario.iterationInTest}`;
  const body = JSON.stringify({
    procedure_code: data.procedure,
    agency_code: pick(data.wards),
    applicant: { kind: "person", name: data.citizen.name, id_number: data.citizen.cccd },
    form_data: data.form,
  });
  const json = bearer(data.citizen.token, {
    "Content-Type": "application/json", "Idempotency-Key": key,
  });
  operation("submit", [
    () => ({
      res: http.post(`${BASE}/api/v1/dossiers`, body, { ...json, responseType: "text" }),
      expect: 201,
    }),
    (created) => {
      const file = { file: http.file(pdf, "giay-chung-sinh.pdf", "application/pdf") };
      const url = `${BASE}/api/v1/dossiers/${created.json("code")}/attachments`;
      return { res: http.post(url, file, bearer(data.citizen.token)), expect: 201 };
    },
  ]);
}

export function official_action() {
  const index = POOL_OFFSET + exec.scenario.iterationInTest;
  if (index >= pool.length) {  // the pool is used up: count it, do not spin
    metrics.official_action.err.add(true);
    sleep(1);
    return;
  }
  const url = `${BASE}/api/v1/dossiers/${pool[index]}/actions/receive`;
  const params = bearer(data.reception_token, { "Content-Type": "application/json" });
  operation("official_action", [
    () => ({ res: http.post(url, JSON.stringify({ version: 1 }), params), expect: 200 }),
  ]);
}

export function bare_get() {
  operation("bare_get", [get(`/one-query?code=${pick(tracked)}`)]);
}

export function bare_post() {
  const row = (exec.vu.idInTest % 64) + 1;
  operation("bare_post", [() => ({ res: http.post(`${BASE}/three?row=${row}`), expect: 200 })]);
}

export function handleSummary(summary) {
  return { [__ENV.LT_SUMMARY]: JSON.stringify(summary) };
}
