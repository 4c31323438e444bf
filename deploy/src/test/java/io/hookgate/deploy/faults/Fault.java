package io.hookgate.deploy.faults;

/** What the suite breaks while traffic flows (issue 9). */
enum Fault {
    GATEWAY_KILL("kill -9 a gateway"),
    DISPATCHER_KILL("kill -9 a dispatcher"),
    BROKER_KILL("kill -9 and restart the broker"),
    POSTGRES_RESTART("restart PostgreSQL"),
    BROKER_STALL("SIGSTOP the broker past the publish timeout");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** Whether the gateways lose the broker: their answers meanwhile must all be 503 within the publish timeout. */
    boolean takesTheBrokerAway() {
        return this == BROKER_KILL || this == BROKER_STALL;
    }
}
