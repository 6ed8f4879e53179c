import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../src/config/load.js';
import { loadNetworkModules } from '../../../src/network-modules.js';

const config = (name: string) => loadConfigFile(fileURLToPath(new URL(`../../../config/${name}`, import.meta.url))).config;

describe('network modules are loaded only when configured', () => {
  it('loads none in local mode, metrics included (nobody scrapes a local shell)', async () => {
    expect(await loadNetworkModules(config('default.yaml'))).toEqual({});
  });

  it('loads Matrix, IRC and GitHub/Twitter for the example deployment', async () => {
    const modules = await loadNetworkModules(config('example.yaml'));
    expect(typeof modules.matrix?.createMatrixNetwork).toBe('function');
    expect(typeof modules.irc?.createIrcNetwork).toBe('function');
    expect(typeof modules.live?.liveParts).toBe('function');
    expect(modules.metrics).toBeUndefined(); // no web server to serve them
  });

  it('loads metrics for a deployment with a web server', async () => {
    const deployment = config('example.yaml');
    const modules = await loadNetworkModules({ ...deployment, web: config('default.yaml').web });
    expect(typeof modules.metrics?.createOpsMetrics).toBe('function');
  });
});
