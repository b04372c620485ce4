// A secret option that is no URL (an API token) is recorded as *** whole; a secret URL keeps all but its
// password, so the result still says which server was measured.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineScenario, option, resolveOptions } from '../../src/scenario/index.js';

const api = defineScenario({
  id: 'api',
  description: 'an API behind a token',
  options: {
    token: option.string({
      flag: '--token <t>',
      env: 'API_TOKEN',
      secret: true,
      description: 'bearer token',
    }),
    url: option.url({ flag: '--url <u>', secret: true, description: 'where' }),
  },
  variants: { only: () => ({ op: async () => {} }) },
});

describe('secret options in the recorded result', () => {
  it('hides a token whole and a URL password only, whether from a flag or the environment', () => {
    const fromFlags = resolveOptions(
      api,
      { '--token': 'abc123', '--url': 'https://u:pw@api.example/v1' },
      {},
    );
    assert.deepEqual(fromFlags.recorded, { token: '***', url: 'https://u:***@api.example/v1' });
    assert.equal(fromFlags.values.token, 'abc123');
    assert.deepEqual(resolveOptions(api, {}, { API_TOKEN: 'abc123' }).recorded, { token: '***' });
  });
});
