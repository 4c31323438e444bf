package io.hookgate.model.event;

import io.hookgate.model.Environment;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An event of the platform itself ({@code contact.created}, {@code flow.started}, custom {@code flow.<name>}, …)
 * on {@code hookgate.events}: what outbound webhooks deliver to customers' endpoints.
 *
 * @param data the event's JSON object, as UTF-8 bytes
 */
public record PlatformEvent(String id, String type, String organisationId, Environment environment, Instant time, byte[] data) {
    /** Lower-case dotted names: {@code contact.created}, {@code flow.order_shipped}. */
    public static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){1,3}");

    public PlatformEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("event type must look like contact.created or flow.order_shipped");
        }
    }
}
