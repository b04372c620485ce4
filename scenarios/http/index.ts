// The http1, https and http2 scenarios: one scenario per protocol, built from the table in protocols.ts.

import { defineScenario, type VariantContext } from '../../src/scenario/index.js';
import { type CommonOptionSpecs, validateOptions } from './options.js';
import { HTTP1, HTTP2, HTTPS, type HttpProtocol } from './protocols.js';
import { type HttpSession, openHttp } from './session.js';
import { openVariant } from './variants.js';

function httpScenario<O extends CommonOptionSpecs>(protocol: HttpProtocol<O>) {
  const variants = Object.fromEntries(
    Object.entries(protocol.variants).map(([name, spec]) => [
      name,
      ({ options, session, concurrency }: VariantContext<O, HttpSession<O>>) =>
        openVariant(spec, session.env, concurrency, options),
    ]),
  );
  return defineScenario({
    id: protocol.id,
    description: protocol.description,
    options: protocol.options,
    validate: (o) => validateOptions(o, protocol.scheme, protocol.id),
    open: (o, { signal }) => openHttp(protocol, o, signal),
    variants,
    baseline: 'unpooled',
    defaultConcurrency: [1, 10, 100],
  });
}

export const http1 = httpScenario(HTTP1);
export const https = httpScenario(HTTPS);
export const http2 = httpScenario(HTTP2);
