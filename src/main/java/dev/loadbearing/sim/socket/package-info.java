/**
 * Persistent connections through socket gateways, as chat, live feeds and multiplayer games use
 * them: a {@link dev.loadbearing.sim.socket.SocketFleet} of gateway nodes keeps each client's
 * connection open, fans every message published to a room out to the clients subscribed to it,
 * replays a room's history on request, and limits how many connections and TLS handshakes each
 * node can take. Clients are written against {@link dev.loadbearing.sim.socket.RoomClient}:
 * what to do when connected, with each message, and how long to wait before reconnecting.
 */
package dev.loadbearing.sim.socket;
