/**
 * Synapse configuration for the e2e suite: loopback only, SQLite, shared-secret registration, no federation.
 *
 * Rate limits: message sending (rc_message) keeps Synapse's defaults on purpose, so a bot account without an
 * override is limited exactly as on a real homeserver (one e2e test relies on this). Test users and the
 * default bot account get an admin-API `override_ratelimit` (see test/e2e/helpers/matrix-users.ts). Limits
 * that only slow the harness down (registration, login, joins, invites, room creation) are relaxed here.
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';

export const SERVER_NAME = 'localhost';

const generous = { per_second: 1000, burst_count: 1000 };

/** A Synapse signing key file line ("ed25519 <key id> <unpadded base64 seed>") made without running Python. */
export function signingKeyLine() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url');
  return `ed25519 a_e2e ${seed.toString('base64').replace(/=+$/, '')}\n`;
}

export function synapseConfig({ dir, port, sharedSecret, macaroonSecret }) {
  return {
    server_name: SERVER_NAME,
    public_baseurl: `http://127.0.0.1:${port}/`,
    pid_file: join(dir, 'homeserver.pid'),
    listeners: [
      { port, bind_addresses: ['127.0.0.1'], type: 'http', tls: false, x_forwarded: false, resources: [{ names: ['client'], compress: false }] },
    ],
    database: { name: 'sqlite3', args: { database: join(dir, 'homeserver.db') } },
    log_config: join(dir, 'log.config.yaml'),
    media_store_path: join(dir, 'media'),
    signing_key_path: join(dir, 'signing.key'),
    registration_shared_secret: sharedSecret,
    macaroon_secret_key: macaroonSecret,
    form_secret: macaroonSecret,
    enable_registration: false,
    report_stats: false,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    federation_domain_whitelist: [],
    url_preview_enabled: false,
    presence: { enabled: false },
    enable_metrics: false,
    rc_registration: generous,
    rc_registration_token_validity: generous,
    rc_login: { address: generous, account: generous, failed_attempts: generous },
    rc_joins: { local: generous, remote: generous },
    rc_joins_per_room: generous,
    rc_invites: { per_room: generous, per_user: generous, per_issuer: generous },
    rc_room_creation: generous,
    rc_admin_redaction: generous,
  };
}

export function synapseLogConfig(dir) {
  return {
    version: 1,
    formatters: { precise: { format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s' } },
    handlers: {
      file: { class: 'logging.FileHandler', formatter: 'precise', filename: join(dir, 'homeserver.log'), encoding: 'utf8' },
    },
    loggers: { synapse: { level: 'INFO' }, 'synapse.storage.SQL': { level: 'WARNING' } },
    root: { level: 'INFO', handlers: ['file'] },
    disable_existing_loggers: false,
  };
}
