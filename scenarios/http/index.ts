// The http1, https and http2 scenarios: one Scenario per protocol, built from the table in protocols.ts.

import type { Scenario } from '../../src/driver/scenario.js';
import { optionSpecs, validateOptions } from './options.js';
import { type HttpProtocol, PROTOCOLS } from './protocols.js';
import { openHttp } from './session.js';

function httpScenario(protocol: HttpProtocol): Scenario {
  return {
    id: protocol.id,
    description: protocol.description,
    variants: Object.keys(protocol.variants),
    baseline: 'unpooled',
    defaultConcurrency: [1, 10, 100],
    options: optionSpecs(protocol.id, protocol.extraOption),
    validate: (values) => validateOptions(values, protocol.scheme, protocol.id),
    open: (values, signal) => openHttp(protocol, values, signal),
  };
}

const byId = (id: HttpProtocol['id']) => httpScenario(PROTOCOLS.find((p) => p.id === id)!);

export const http1 = byId('http1') satisfies Scenario;
export const https = byId('https') satisfies Scenario;
export const http2 = byId('http2') satisfies Scenario;
