package dev.loadbearing.sim.socket;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * One message of a room, as a gateway delivers it to a client.
 *
 * @param room the room's name
 * @param seq its place in the room: 1 for the first message ever published there, then 2, 3, ...
 * @param payload what was published
 * @param replay {@code true} when it comes from the room's history (asked for by
 *     {@link Connection#subscribe(String, long)}), {@code false} when it is sent as published
 */
@LearnerApi(allMembers = true)
public record RoomMessage(String room, long seq, String payload, boolean replay) {
}
