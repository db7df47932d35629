package dev.loadbearing.sim.rpc;

/** What RPC messages carry over the network (HTTP/2 frames, in spirit). */
sealed interface Frame {
    /** Bytes of an error answer or a stream's closing trailers (HEADERS with grpc-status). */
    int TRAILER_BYTES = 30;
    /** Bytes of a cancellation (an HTTP/2 RST_STREAM frame: a 9-byte header and a 4-byte code). */
    int CANCEL_BYTES = 13;

    /** A call's request: which method, and the absolute deadline the caller set (propagated, as grpc-timeout is). */
    record Invoke(String client, long callId, String method, long deadline, Object request) implements Frame {
        String key() {
            return client + '#' + callId;
        }

        @Override
        public String toString() {
            return "call #" + callId + " " + method + " from " + client;
        }
    }

    /** A response message, or the end of the call when {@code status} is set. */
    record Reply(long callId, RpcStatus status, Object value) implements Frame {
        @Override
        public String toString() {
            return "reply to call #" + callId + (status == null ? "" : " " + status);
        }
    }

    /** The caller gave up: the service should stop working on the call. */
    record Cancel(String client, long callId) implements Frame {
        String key() {
            return client + '#' + callId;
        }

        @Override
        public String toString() {
            return "cancel call #" + callId + " from " + client;
        }
    }
}
