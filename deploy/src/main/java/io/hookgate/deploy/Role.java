package io.hookgate.deploy;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The parts of Hookgate one process can run ({@code HOOKGATE_ROLES}). */
public enum Role {
    INGEST,
    ADMIN,
    DISPATCHER,
    DELIVERY;

    /** Parses {@code ingest,admin,…}; fails naming the unknown role. */
    static Set<Role> parse(String list) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HOOKGATE_ROLES: unknown role '" + name
                        + "' (roles are ingest, admin, dispatcher, delivery)");
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("HOOKGATE_ROLES names no role");
        }
        return roles;
    }
}
