// The rich error model (google.rpc.Status) as plain data, and how each standard detail reads to a
// person. The CLI's text output and the panel both word details through detailView, so they agree.

/** One entry of a Status's `details`: its type and canonical JSON, or its raw bytes when no schema knows it. */
export interface StatusDetail {
  /** Fully qualified message name, e.g. `google.rpc.BadRequest`. */
  type: string;
  /** Canonical proto3 JSON of the detail (without "@type"), when its type is known. */
  json?: Record<string, unknown>;
  /** Base64 of the packed bytes, when the type is unknown. */
  base64?: string;
}

/** A decoded `grpc-status-details-bin` trailer. */
export interface StatusDetails {
  code: number;
  message: string;
  details: StatusDetail[];
  /** Set when the trailer was present but could not be decoded. */
  problem?: string;
}

/** One detail as a titled list of label/value rows. */
export interface DetailView {
  title: string;
  rows: Array<{ label: string; value: string }>;
}

type Json = Record<string, unknown>;

const str = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const entries = (value: unknown): Array<[string, string]> =>
  value && typeof value === 'object' ? Object.entries(value as Json).map(([key, item]) => [key, str(item)]) : [];

/** Rows with an empty value are left out, so absent optional fields do not clutter the view. */
function rows(...pairs: Array<[string, unknown]>): DetailView['rows'] {
  return pairs.map(([label, value]) => ({ label, value: str(value) })).filter((row) => row.value !== '');
}

const VIEWS: Record<string, (json: Json) => DetailView> = {
  'google.rpc.BadRequest': (json) => ({
    title: 'Bad request',
    rows: list(json.fieldViolations).map((violation) => ({
      label: str(violation.field) || '(request)',
      value: [str(violation.description), violation.reason ? `(${str(violation.reason)})` : ''].filter(Boolean).join(' '),
    })),
  }),
  'google.rpc.ErrorInfo': (json) => ({
    title: 'Error info',
    rows: [
      ...rows(['reason', json.reason], ['domain', json.domain]),
      ...entries(json.metadata).map(([label, value]) => ({ label, value })),
    ],
  }),
  'google.rpc.RetryInfo': (json) => ({ title: 'Retry info', rows: rows(['retry after', json.retryDelay]) }),
  'google.rpc.DebugInfo': (json) => ({
    title: 'Debug info',
    rows: [
      ...rows(['detail', json.detail]),
      ...list(json.stackEntries).map((entry, index) => ({ label: `stack ${index + 1}`, value: str(entry) })),
    ],
  }),
  'google.rpc.QuotaFailure': (json) => ({
    title: 'Quota failure',
    rows: list(json.violations).map((violation) => ({
      label: str(violation.subject) || str(violation.quotaId) || '(quota)',
      value: str(violation.description),
    })),
  }),
  'google.rpc.PreconditionFailure': (json) => ({
    title: 'Precondition failure',
    rows: list(json.violations).map((violation) => ({
      label: [str(violation.type), str(violation.subject)].filter(Boolean).join(' ') || '(precondition)',
      value: str(violation.description),
    })),
  }),
  'google.rpc.RequestInfo': (json) => ({
    title: 'Request info',
    rows: rows(['request id', json.requestId], ['serving data', json.servingData]),
  }),
  'google.rpc.ResourceInfo': (json) => ({
    title: 'Resource',
    rows: rows(['type', json.resourceType], ['name', json.resourceName], ['owner', json.owner], ['description', json.description]),
  }),
  'google.rpc.Help': (json) => ({
    title: 'Help',
    rows: list(json.links).map((link) => ({ label: str(link.description) || 'link', value: str(link.url) })),
  }),
  'google.rpc.LocalizedMessage': (json) => ({
    title: `Message${json.locale ? ` (${str(json.locale)})` : ''}`,
    rows: rows(['message', json.message]),
  }),
};

/** How one detail reads: the standard types by their meaning, any other type field by field. */
export function detailView(detail: StatusDetail): DetailView {
  if (!detail.json)
    return { title: detail.type, rows: [{ label: 'bytes', value: `${detail.base64 ?? ''} (not decoded: its type is not in the schema)` }] };
  const view = VIEWS[detail.type];
  return view ? view(detail.json) : { title: detail.type, rows: entries(detail.json).map(([label, value]) => ({ label, value })) };
}

/** The details as indented text lines, for terminals and logs. */
export function detailLines(details: StatusDetails): string[] {
  const lines: string[] = [];
  if (details.problem) lines.push(`  (error details could not be read: ${details.problem})`);
  for (const detail of details.details) {
    const view = detailView(detail);
    lines.push(`  ${view.title}:`);
    for (const row of view.rows) lines.push(`    ${row.label}: ${row.value}`);
  }
  return lines;
}
