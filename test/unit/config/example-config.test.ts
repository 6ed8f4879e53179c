import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { ConfigError, loadConfigFile, parseConfig } from '../../../src/config/load.js';
import { readSecret } from '../../../src/config/secret.js';

const EXAMPLE = fileURLToPath(new URL('../../../config/example.yaml', import.meta.url));

describe('config/example.yaml', () => {
  it('is a valid configuration with both networks', () => {
    const { config } = loadConfigFile(EXAMPLE);
    expect(config.chat.shell).toBeUndefined();
    expect(config.chat.matrix?.rooms.release).toEqual(['#ipfs-release:example.org']);
    expect(config.chat.irc?.channels.announce).toEqual(['#ipfs']);
  });

  it('keeps its secrets in the environment', () => {
    const loaded = loadConfigFile(EXAMPLE);
    const matrix = loaded.config.chat.matrix!;
    expect(() => readSecret(loaded, matrix.accessToken, ['chat', 'matrix', 'accessToken'], {})).toThrow(/STAGEHAND_MATRIX_TOKEN is not set/);
    expect(readSecret(loaded, matrix.accessToken, ['chat', 'matrix', 'accessToken'], { STAGEHAND_MATRIX_TOKEN: 'syt_token1' })).toBe('syt_token1');
  });
});

describe('chat configuration errors name the key', () => {
  const base = () => ({
    homeserverUrl: 'https://m.example.org',
    accessToken: { env: 'TOKEN' },
    rooms: { release: ['#r:example.org'] },
  });
  const problemsOf = (chat: unknown): string => {
    try {
      parseConfig(stringifyYaml({ project: { name: 'p', repo: 'o/p' }, cadence: { anchor: '2019-09-09' }, chat }), 'bad.yaml');
    } catch (error) {
      return (error as ConfigError).problems.join('\n');
    }
    throw new Error('accepted');
  };

  it('refuses a room that is neither an id nor an alias', () => {
    expect(problemsOf({ matrix: { ...base(), rooms: { release: ['ipfs-release'] } } })).toMatch(/^chat\.matrix\.rooms\.release\[0\]: must be a room id/);
  });
  it('refuses a token written into the file', () => {
    expect(problemsOf({ matrix: { ...base(), accessToken: 'syt_secret' } })).toMatch(/^chat\.matrix\.accessToken: /);
  });
  it('refuses a bad channel and a bad nick', () => {
    const irc = { host: 'irc.example.org', nick: '9bot', channels: { release: ['ipfs'] } };
    const text = problemsOf({ irc });
    expect(text).toMatch(/chat\.irc\.nick: must be a valid IRC nick/);
    expect(text).toMatch(/chat\.irc\.channels\.release\[0\]: must be a channel name/);
  });
  it('needs at least one network', () => {
    expect(problemsOf({})).toMatch(/chat: configure at least one of shell, matrix, irc/);
  });
  it('reports a misspelt key as a likely typo', () => {
    expect(problemsOf({ matrix: { ...base(), homeserver: 'x' } })).toMatch(/chat\.matrix\.homeserver: unknown key \(a typo\? did you mean homeserverUrl\?\)/);
  });
});
