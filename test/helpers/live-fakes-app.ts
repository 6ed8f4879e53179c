/**
 * Turns the live fakes (live-fakes.ts) over to GitHub App authentication: an RSA key pair made here with
 * node:crypto, the private key in a file next to the config (as GitHub hands it over: PKCS#1 PEM), the
 * config's `github.token` replaced by `github.app`, and the fake GitHub accepting only the App's tokens.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FakeGithubApp } from '../fakes/fake-github-app.js';
import type { LiveFakes } from './live-fakes.js';

export const APP_ID = 104_729;
export const INSTALLATION_ID = 7_300_001;

export interface AppKeys {
  /** PKCS#1 PEM, as GitHub generates it. */
  readonly privateKeyPem: string;
  readonly publicKey: KeyObject;
}

/** A fresh App key pair (2048-bit RSA, as GitHub makes them). */
export function appKeys(): AppKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), publicKey };
}

export interface UseAppOptions {
  /** Put `installationId` in the config (default) or leave it to be found from `project.repo`. */
  readonly installationInConfig?: boolean;
}

/** The fakes' config now signs in as the App; returns the fake's App side (point its `now` at the app's clock). */
export function useGithubApp(fakes: LiveFakes, keys: AppKeys, options: UseAppOptions = {}): FakeGithubApp {
  const app = new FakeGithubApp(APP_ID, keys.publicKey, INSTALLATION_ID, fakes.github.owner, fakes.github.repo);
  fakes.github.app = app;
  const dir = dirname(fakes.configFile);
  writeFileSync(join(dir, 'github-app.pem'), keys.privateKeyPem);
  const config = parse(readFileSync(fakes.configFile, 'utf8')) as { github: Record<string, unknown> };
  delete config.github['token'];
  config.github['app'] = { appId: APP_ID, privateKey: { file: 'github-app.pem' }, ...(options.installationInConfig === false ? {} : { installationId: INSTALLATION_ID }) };
  writeFileSync(fakes.configFile, stringify(config));
  return app;
}
