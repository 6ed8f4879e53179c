'use strict';
// matrix-bot-sdk requires this package at load time but only touches it when a crypto store is passed to
// MatrixClient, which Stagehand never does. Any use means someone turned encryption on: fail loudly.
const unavailable = (name) =>
  function unavailableCrypto() {
    throw new Error(`End-to-end encryption is not available in Stagehand (${name} from @matrix-org/matrix-sdk-crypto-nodejs is a shim).`);
  };
module.exports = new Proxy(
  {},
  {
    get(_target, name) {
      if (name === '__esModule' || typeof name === 'symbol' || name === 'then') return undefined;
      return unavailable(String(name));
    },
  },
);
