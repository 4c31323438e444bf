package io.hookgate.deploy.hostile;

import io.hookgate.deploy.hostile.HostileIngestTest.Case;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.hookgate.deploy.hostile.HostileIngestTest.PAYLOAD_MARKER;

/** Bodies: sizes at and over the limit, lying and broken framing, JSON that is not UTF-8 or too big, hostile XML. */
final class BodyCases {
    static final int LIMIT = 102_400;

    private BodyCases() {
    }

    /** A valid JSON document of exactly {@code size} bytes. */
    static String jsonOfSize(int size) {
        String prefix = "{\"marker\":\"" + PAYLOAD_MARKER + "\",\"pad\":\"";
        String suffix = "\"}";
        return prefix + "a".repeat(size - prefix.length() - suffix.length()) + suffix;
    }

    private static HostileRequest to(String connection) {
        return HostileRequest.post("/webhooks/in/" + connection);
    }

    static List<Case> framing(String none, long requestTimeoutMs) {
        List<Case> out = new ArrayList<>();
        out.add(Case.accepted("exactly the limit, Content-Length", to(none).body(jsonOfSize(LIMIT))));
        out.add(Case.accepted("exactly the limit, chunked", to(none).body(jsonOfSize(LIMIT)).chunked()));
        out.add(Case.refused("one byte over, Content-Length", to(none).body(jsonOfSize(LIMIT + 1)), 413, "PAYLOAD_TOO_LARGE"));
        out.add(Case.refused("one byte over, chunked", to(none).body(jsonOfSize(LIMIT + 1)).chunked(), 413, "PAYLOAD_TOO_LARGE"));
        out.add(Case.refused("1 MB chunked", to(none).body(jsonOfSize(1024 * 1024)).chunked(), 413, "PAYLOAD_TOO_LARGE"));
        out.add(Case.refused("declared 10 GB, nothing sent", to(none).contentLength("10737418240").withoutBody(), 413, "PAYLOAD_TOO_LARGE"));
        out.add(Case.refused("declared over the limit with Expect: 100-continue", to(none).header("expect", "100-continue")
                .contentLength(Integer.toString(LIMIT + 1)).withoutBody(), 413, "PAYLOAD_TOO_LARGE"));
        out.add(Case.refused("Content-Length shorter than the body", to(none).body("{\"a\":\"bcdefghij\"}").contentLength("8"),
                400, "INVALID_JSON"));
        out.add(Case.refused("Content-Length longer than the body (waits for the request timeout)",
                to(none).body("{\"a\":1}").contentLength("500"), 408, "REQUEST_TIMEOUT"));
        out.add(Case.refused("chunked body that never ends", HostileRequest.raw(
                "POST /webhooks/in/" + none + " HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n")
                .withId(), 408, "REQUEST_TIMEOUT"));
        out.add(Case.refused("empty body", to(none).body(""), 400, "INVALID_JSON"));
        out.add(Case.undecodable("Content-Length not a number", to(none).contentLength("ten"), 400, "MALFORMED_REQUEST"));
        out.add(Case.undecodable("negative Content-Length", to(none).contentLength("-1"), 400, "MALFORMED_REQUEST"));
        out.add(Case.undecodable("two different Content-Lengths", to(none).body("{}").header("content-length", "5"), 400, "MALFORMED_REQUEST"));
        out.add(Case.closed("chunk size that is not hex", HostileRequest.raw(
                "POST /webhooks/in/" + none + " HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                .withId(), 400, "MALFORMED_REQUEST"));
        out.add(Case.closed("chunk size past 2^64", HostileRequest.raw(
                "POST /webhooks/in/" + none + " HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n{}\r\n0\r\n\r\n")
                .withId(), 400, "MALFORMED_REQUEST"));
        return out;
    }

    static List<Case> json(String none) {
        List<Case> out = new ArrayList<>();
        String doc = "{\"marker\":\"" + PAYLOAD_MARKER + "\",\"text\":\"caf\u00e9\"}";
        for (String charset : List.of("UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "x-UTF-16LE-BOM", "UTF-32")) {
            out.add(Case.refused("JSON in " + charset, to(none).body(doc.getBytes(Charset.forName(charset))), 400, "INVALID_JSON"));
        }
        out.add(Case.refused("JSON in ISO-8859-1", to(none).body(doc.getBytes(StandardCharsets.ISO_8859_1)), 400, "INVALID_JSON"));
        String[][] invalid = {
                {"overlong slash C0 AF", "c0af"}, {"overlong three-byte E0 80 AF", "e080af"}, {"overlong NUL C0 80", "c080"},
                {"encoded high surrogate ED A0 80", "eda080"}, {"encoded low surrogate ED BF BF", "edbfbf"},
                {"surrogate pair in CESU-8", "eda0bdedb88e"}, {"above U+10FFFF", "f4908080"}, {"five-byte form", "f888808080"},
                {"lone continuation byte", "80"}, {"truncated sequence", "e282"}, {"FF byte", "ff"}, {"FE byte", "fe"}};
        for (String[] bad : invalid) {
            out.add(Case.refused("invalid UTF-8: " + bad[0], to(none).body(bytes("{\"marker\":\"" + PAYLOAD_MARKER + "\",\"v\":\"", bad[1], "\"}")),
                    400, "INVALID_JSON"));
        }
        out.add(Case.accepted("UTF-8 with a byte order mark", to(none).body(bytes("", "efbbbf", doc))));
        out.add(Case.accepted("escaped NUL and lone surrogate in strings", to(none).body("{\"a\":\"\\u0000\",\"b\":\"\\ud800\"}")));
        out.add(Case.accepted("nested 200 deep", to(none).body("[".repeat(200) + "]".repeat(200))));
        out.add(Case.refused("nested 201 deep", to(none).body("[".repeat(201) + "]".repeat(201)), 400, "INVALID_JSON"));
        out.add(Case.refused("nested 50,000 deep", to(none).body("[".repeat(50_000)), 400, "INVALID_JSON"));
        out.add(Case.accepted("a 1000-digit number", to(none).body("{\"n\":" + "7".repeat(1000) + "}")));
        out.add(Case.refused("a 1001-digit number", to(none).body("{\"n\":" + "7".repeat(1001) + "}"), 400, "INVALID_JSON"));
        out.add(Case.refused("a 1001-digit fraction", to(none).body("{\"n\":0." + "7".repeat(1001) + "}"), 400, "INVALID_JSON"));
        out.add(Case.accepted("an exponent past double range", to(none).body("{\"n\":1e999999}")));
        out.add(Case.accepted("5,000 keys", to(none).body(manyKeys(5_000))));
        out.add(Case.accepted("duplicate keys", to(none).body("{\"a\":1,\"a\":2}")));
        out.add(Case.refused("trailing garbage", to(none).body("{} {}"), 400, "INVALID_JSON"));
        out.add(Case.refused("NaN", to(none).body("{\"n\":NaN}"), 400, "INVALID_JSON"));
        out.add(Case.refused("comments", to(none).body("{/* hi */\"a\":1}"), 400, "INVALID_JSON"));
        out.add(Case.refused("single quotes", to(none).body("{'a':1}"), 400, "INVALID_JSON"));
        out.add(Case.refused("raw control character in a string", to(none).body("{\"a\":\"\u0001\"}"), 400, "INVALID_JSON"));
        out.add(Case.refused("whitespace only", to(none).body(" \r\n\t "), 400, "INVALID_JSON"));
        out.add(Case.refused("two byte order marks", to(none).body(bytes("", "efbbbfefbbbf", doc)), 400, "INVALID_JSON"));
        out.add(Case.accepted("objects nested 200 deep", to(none).body("{\"a\":".repeat(199) + "1" + "}".repeat(199))));
        out.add(Case.accepted("a 100,000-character string", to(none).body("{\"s\":\"" + "x".repeat(100_000) + "\"}")));
        out.add(Case.accepted("20,000 numbers", to(none).body("[" + "1,".repeat(19_999) + "1]")));
        out.add(Case.accepted("a bare literal", to(none).body("true")));
        out.add(Case.accepted("JSON sent as text/plain", to(none).contentType("text/plain").body(doc)));
        return out;
    }

    static List<Case> xml(String xml) {
        List<Case> out = new ArrayList<>();
        String file = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
        String http = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]><a>&x;</a>";
        String parameter = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p.dtd\"> %p;]><a/>";
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                + "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]><l>&f;</l>";
        String quadratic = "<?xml version=\"1.0\"?><!DOCTYPE q [<!ENTITY a \"" + "x".repeat(20_000) + "\">]><q>" + "&a;".repeat(1000) + "</q>";
        String external = "<?xml version=\"1.0\"?><!DOCTYPE a SYSTEM \"http://127.0.0.1:9/a.dtd\"><a/>";
        String publicId = "<?xml version=\"1.0\"?><!DOCTYPE a PUBLIC \"-//X//Y\" \"file:///etc/passwd\"><a/>";
        for (String[] c : new String[][]{{"XXE file", file}, {"XXE http", http}, {"parameter entity", parameter},
                {"billion laughs", laughs}, {"quadratic blow-up", quadratic}, {"external DTD", external}, {"public DTD", publicId}}) {
            out.add(Case.refused("XML " + c[0], xml(xml, c[1]), 400, "INVALID_XML"));
        }
        out.add(Case.refused("XML not well-formed", xml(xml, "<a><b></a>"), 400, "INVALID_XML"));
        out.add(Case.refused("XML empty", xml(xml, ""), 400, "INVALID_XML"));
        out.add(Case.refused("XML nested 201 deep", xml(xml, "<a>".repeat(201) + "</a>".repeat(201)), 400, "INVALID_XML"));
        out.add(Case.accepted("XInclude is just an element", xml(xml,
                "<a xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></a>")));
        out.add(Case.accepted("stylesheet instruction is not fetched", xml(xml,
                "<?xml-stylesheet href=\"http://127.0.0.1:9/s.xsl\"?><a>" + PAYLOAD_MARKER + "</a>")));
        out.add(Case.accepted("CDATA", xml(xml, "<a><![CDATA[<not>&markup;]]></a>")));
        return out;
    }

    private static HostileRequest xml(String connection, String body) {
        return HostileRequest.post("/webhooks/in/" + connection).contentType("application/xml").body(body);
    }

    private static byte[] bytes(String before, String hex, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] b = HexFormat.of().parseHex(hex);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    private static String manyKeys(int n) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return sb.append('}').toString();
    }
}
