// The error details the demo's Echo sends with fail_with_details: one of every standard google.rpc type,
// with values that read like a real server's, so users and tests can see each one shown.
import type { JsonValue } from '@bufbuild/protobuf';

const TYPE = 'type.googleapis.com/google.rpc.';

export const DEMO_DETAILS: JsonValue[] = [
  {
    '@type': `${TYPE}BadRequest`,
    fieldViolations: [
      { field: 'message', description: 'must not be empty', reason: 'EMPTY' },
      { field: 'sample.small', description: 'must be positive' },
    ],
  },
  { '@type': `${TYPE}ErrorInfo`, reason: 'DEMO_FAILURE', domain: 'demo.grpc-ipc', metadata: { knob: 'failWithDetails' } },
  { '@type': `${TYPE}RetryInfo`, retryDelay: '1.500s' },
  { '@type': `${TYPE}DebugInfo`, detail: 'failed on request', stackEntries: ['Echo (demo/service.ts)', 'handler'] },
  {
    '@type': `${TYPE}QuotaFailure`,
    violations: [{ subject: 'client:demo', description: 'Daily limit of 100 echoes reached.' }],
  },
  {
    '@type': `${TYPE}PreconditionFailure`,
    violations: [{ type: 'TOS', subject: 'demo.grpc-ipc', description: 'Terms of service not accepted.' }],
  },
  {
    '@type': `${TYPE}ResourceInfo`,
    resourceType: 'demo.echo',
    resourceName: 'echo/1',
    owner: 'user:demo',
    description: 'The echo that failed.',
  },
  { '@type': `${TYPE}Help`, links: [{ description: 'The rich error model', url: 'https://grpc.io/docs/guides/error/' }] },
  { '@type': `${TYPE}LocalizedMessage`, locale: 'en-US', message: 'The echo failed because you asked it to.' },
];
