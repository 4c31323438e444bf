package io.hookgate.dispatcher.outbound;

import io.hookgate.model.crypto.SecretBox;

/**
 * A claimed batch's endpoint with its sealed values opened at most once, however many of the batch's attempts
 * it serves (the claims of one batch share it, from any thread); nothing opened outlives the batch.
 */
final class OpenedEndpoint {
    private final SecretBox box;
    private final String endpointId;
    private final DeliveryStore.Endpoint endpoint;
    private OutgoingRequest.Credentials credentials;
    private OutgoingRequest.Unreadable unreadable;

    OpenedEndpoint(SecretBox box, String endpointId, DeliveryStore.Endpoint endpoint) {
        this.box = box;
        this.endpointId = endpointId;
        this.endpoint = endpoint;
    }

    DeliveryStore.Endpoint endpoint() {
        return endpoint;
    }

    /** The opened values, opened on the first call; the same refusal for every call when they do not open. */
    synchronized OutgoingRequest.Credentials credentials() throws OutgoingRequest.Unreadable {
        if (credentials == null && unreadable == null) {
            try {
                credentials = OutgoingRequest.Credentials.open(box, endpointId, endpoint);
            } catch (OutgoingRequest.Unreadable e) {
                unreadable = e;
            }
        }
        if (unreadable != null) {
            throw unreadable;
        }
        return credentials;
    }
}
