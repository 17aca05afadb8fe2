// Loaded into `next start` by npm start (node --import): every request carries its TCP peer's
// address in x-craft-peer-address, replacing any value a client sent. Next fills in
// X-Forwarded-For only when the client sent none, so a bare server cannot trust that header; the
// sign-in and sign-up limits key on this one unless AUTH_IP_HEADER names a proxy's header.
import http from "node:http";

export const PEER_ADDRESS_HEADER = "x-craft-peer-address";

const createServer = http.createServer;
http.createServer = (...args) => {
  const server = createServer(...args);
  server.prependListener("request", (req) => {
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  });
  return server;
};
