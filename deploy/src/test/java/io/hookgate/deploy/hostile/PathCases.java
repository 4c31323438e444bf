package io.hookgate.deploy.hostile;

import io.hookgate.deploy.hostile.HostileIngestTest.Case;

import java.util.ArrayList;
import java.util.List;

/** Header floods, requests the HTTP decoder cannot read, and tricks in the {connectionId} segment. */
final class PathCases {
    private PathCases() {
    }

    static List<Case> headers(String none) {
        List<Case> out = new ArrayList<>();
        String target = "/webhooks/in/" + none;
        HostileRequest tenThousand = HostileRequest.post(target);
        for (int i = 0; i < 10_000; i++) {
            tenThousand.header("x-flood-" + i, "v");
        }
        out.add(Case.undecodable("10,000 headers", tenThousand, 431, "HEADERS_TOO_LARGE"));
        out.add(Case.undecodable("a 1 MB header value", HostileRequest.post(target).header("x-big", "b".repeat(1024 * 1024)),
                431, "HEADERS_TOO_LARGE"));
        out.add(Case.undecodable("a 17 KB header value", HostileRequest.post(target).header("x-big", "b".repeat(17 * 1024)),
                431, "HEADERS_TOO_LARGE"));
        HostileRequest many = HostileRequest.post(target);
        for (int i = 0; i < 100; i++) {
            many.header("x-h" + i, "v");
        }
        out.add(Case.refused("more header lines than the limit (100)", many, 431, "HEADERS_TOO_LARGE"));
        out.add(Case.withoutRequestId("a 9 KB request line", HostileRequest.post(target + "?q=" + "x".repeat(9 * 1024)), 414, "URI_TOO_LONG"));
        out.add(Case.undecodable("a space in a header name", HostileRequest.post(target).header("bad name", "v"), 400, "MALFORMED_REQUEST"));
        out.add(Case.undecodable("NUL in a header value", HostileRequest.post(target).header("x-nul", "a\u0000b"), 400, "MALFORMED_REQUEST"));
        out.add(Case.withoutRequestId("not HTTP at all", HostileRequest.raw("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003\r\n\r\n"),
                400, "MALFORMED_REQUEST"));
        // Vert.x answers an HTTP version it does not speak itself (501, then closes) before any handler runs.
        out.add(Case.bare("an HTTP/2 preface on an HTTP/1.1 port", HostileRequest.raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 501));
        out.add(Case.bare("HTTP/9.9", HostileRequest.raw("POST " + target + " HTTP/9.9\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}"), 501));
        out.add(Case.accepted("HTTP/1.0 without a host", HostileRequest.raw("POST " + target + " HTTP/1.0\r\ncontent-length: 2\r\n\r\n{}")
                .withId()));
        out.add(Case.refused("PUT on a webhook URL", HostileRequest.post(target).method("PUT"), 404, "TRIGGER_NOT_FOUND"));
        out.add(Case.refused("DELETE on a webhook URL", HostileRequest.post(target).method("DELETE"), 404, "TRIGGER_NOT_FOUND"));
        out.add(Case.refused("an invented method", HostileRequest.post(target).method("BREW"), 404, "TRIGGER_NOT_FOUND"));
        return out;
    }

    static List<Case> connectionIds(String none) {
        List<Case> out = new ArrayList<>();
        String[] ids = {
                "%00", "con_%00", none + "%00", none + "%0A", none + "%0D%0Aset-cookie:%20x", "%1B%5B31mred",
                "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%252F..%252Fetc%252Fpasswd", "..%5C..%5Cwindows",
                "%C0%AF%C0%AFetc", "%FF%FE", "%ED%A0%80", "%E2%80%AE" + none, none + "%E2%80%8B",
                "%D1%81%D0%BEn_" + none.substring(4), "%EF%BD%83%EF%BD%8F%EF%BD%8E_" + none.substring(4),
                none.toUpperCase(), none.substring(0, none.length() - 1), none + "A", "con_" + "A".repeat(24),
                "con_" + "x".repeat(4000), "con_%27%20OR%20%271%27=%271", "con_;DROP%20TABLE%20connections", "%24%7Bjndi:ldap://x%7D",
                "%3Cscript%3E", "con_*", "%2525", "con_" + "%F0%9F%98%80".repeat(24),
                none + "%20", "con_%09" + none.substring(5), "%2Fwebhooks%2Fin%2F" + none, none + "%3F", none + "%23x"};
        for (String id : ids) {
            out.add(Case.refused("connection id " + shorten(id), HostileRequest.post("/webhooks/in/" + id), 404, "TRIGGER_NOT_FOUND"));
        }
        String[] paths = {"/webhooks/in/../../etc/passwd", "/webhooks/in/" + none + "/extra", "/webhooks/in/", "/webhooks/in",
                "/webhooks//" + none, "//webhooks/in/" + none + "/..", "/webhooks/in/%2F" + none};
        for (String path : paths) {
            out.add(Case.refused("path " + shorten(path), HostileRequest.post(path), 404, "TRIGGER_NOT_FOUND"));
        }
        out.add(Case.refused("an escape that is no escape (%u002e)", HostileRequest.post("/webhooks/in/%u002e%u002e"), 400, "MALFORMED_REQUEST"));
        out.add(Case.refused("a truncated escape", HostileRequest.post("/webhooks/in/con_%2"), 400, "MALFORMED_REQUEST"));
        out.add(Case.refused("provider segment with NUL", HostileRequest.post("/webhooks/in%00/" + none), 400, "PROVIDER_MISMATCH"));
        out.add(Case.refused("provider segment traversal", HostileRequest.post("/webhooks/..%2Fin/" + none), 400, "PROVIDER_MISMATCH"));
        return out;
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…(" + text.length() + ")" : text;
    }
}
