// The single entry point to @peculiar/x509. Its dependency injection (tsyringe) needs the
// Reflect metadata polyfill loaded first, and it must be told which WebCrypto to use;
// doing both here once means no other module can get the order wrong.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
