package io.hookgate.model.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookgate.model.PayloadFormat;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A webhook body parsed once, JSON or XML. Either way it offers one tree (XML elements become objects
 * named after them, attributes {@code @name}, repeated elements arrays, text leaves strings) for paths,
 * flow variables and schemas; XML also answers XPath ({@code /order/customer/email}).
 *
 * <p>XML is parsed safely: any DOCTYPE is refused (no DTDs, so no external entities and no entity expansion
 * — XXE and billion-laughs bodies fail at once), secure processing is on, nothing is ever fetched.
 */
public final class Payload {
    public static final int MAX_DEPTH = 200;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(1000).build())
            .build()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DocumentBuilderFactory XML = safeFactory();
    private static final ConcurrentHashMap<String, XPathExpression> XPATHS = new ConcurrentHashMap<>();

    private final JsonNode tree;
    private final Document xml;

    private Payload(JsonNode tree, Document xml) {
        this.tree = tree;
        this.xml = xml;
    }

    public static Payload parse(PayloadFormat format, byte[] body) {
        return format == PayloadFormat.XML ? xml(body) : json(body);
    }

    /**
     * JSON is UTF-8 (RFC 8259 §8.1): the bytes are decoded strictly first — UTF-16/32, overlong forms
     * ({@code C0 AF}), encoded surrogates ({@code ED A0 80}) and truncated sequences are refused rather than
     * left to Jackson's encoding detection — and only a UTF-8 byte order mark is skipped.
     *
     * @throws PayloadParseException with reason {@code empty_body}, {@code invalid_utf8} or {@code malformed_json}
     */
    public static Payload json(byte[] body) {
        if (body.length == 0) {
            throw new PayloadParseException("empty_body");
        }
        int start = startsWithBom(body, 0) ? 3 : 0;
        if (startsWithBom(body, start)) {
            // Jackson's byte parser would skip a BOM of its own after ours: a second one is a stray U+FEFF, not JSON.
            throw new PayloadParseException("malformed_json");
        }
        // A raw NUL is valid UTF-8 but never valid JSON; in practice it is UTF-16/32 text without a BOM.
        if (!StrictUtf8.isValid(body, start, body.length)) {
            throw new PayloadParseException("invalid_utf8");
        }
        try {
            // Jackson's byte parser, on the body itself: no decoded copy of it (2 bytes a char) per request.
            JsonNode node = JSON.readTree(body, start, body.length - start);
            if (node == null || node.isMissingNode()) {
                throw new PayloadParseException("empty_body");
            }
            return new Payload(node, null);
        } catch (IOException e) {
            throw new PayloadParseException("malformed_json");
        }
    }

    private static boolean startsWithBom(byte[] body, int at) {
        return body.length >= at + 3 && body[at] == (byte) 0xEF && body[at + 1] == (byte) 0xBB && body[at + 2] == (byte) 0xBF;
    }

    /** @throws PayloadParseException with reason {@code empty_body}, {@code doctype_forbidden}, {@code too_deep} or {@code malformed_xml} */
    public static Payload xml(byte[] body) {
        if (body.length == 0) {
            throw new PayloadParseException("empty_body");
        }
        try {
            DocumentBuilder builder;
            synchronized (XML) {
                builder = XML.newDocumentBuilder(); // the factory is not guaranteed thread-safe; builders are per call
            }
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not resolved");
            });
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(body));
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            Element element = document.getDocumentElement();
            root.set(element.getNodeName(), convert(element, 1));
            return new Payload(root, document);
        } catch (SAXException e) {
            String message = String.valueOf(e.getMessage());
            throw new PayloadParseException(message.contains("DOCTYPE") ? "doctype_forbidden" : "malformed_xml");
        } catch (TooDeep e) {
            throw new PayloadParseException("too_deep");
        } catch (IOException | ParserConfigurationException e) {
            throw new PayloadParseException("malformed_xml");
        }
    }

    public JsonNode tree() {
        return tree;
    }

    public boolean isXml() {
        return xml != null;
    }

    /**
     * The scalar at the path: XPath for XML ({@code /…}, {@code //…}, {@code string(…)}); JSONPath or a
     * dotted path on the tree otherwise (XML included, root element first: {@code order.customer.email}).
     */
    public Optional<String> scalar(String path) {
        if (xml != null && isXPath(path)) {
            return xpath(path);
        }
        return JsonPaths.scalar(tree, path);
    }

    public static boolean isXPath(String path) {
        return path.startsWith("/") || path.startsWith("string(") || path.startsWith("(");
    }

    /** @throws IllegalArgumentException when the path is neither a valid XPath nor a valid JSONPath/dotted path */
    public static void validatePath(PayloadFormat format, String path) {
        if (format == PayloadFormat.XML && isXPath(path)) {
            compileXPath(path);
        } else {
            JsonPaths.compile(path);
        }
    }

    private Optional<String> xpath(String path) {
        try {
            XPathExpression expression = compileXPath(path);
            NodeList nodes;
            try {
                nodes = (NodeList) expression.evaluate(xml, XPathConstants.NODESET);
            } catch (XPathExpressionException notANodeSet) {
                String value = expression.evaluate(xml);
                return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
            if (nodes.getLength() != 1) {
                return Optional.empty();
            }
            Node node = nodes.item(0);
            if (node.getNodeType() == Node.ELEMENT_NODE && hasElementChildren(node)) {
                return Optional.empty();
            }
            String text = node.getTextContent();
            return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.trim());
        } catch (XPathExpressionException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static XPathExpression compileXPath(String path) {
        XPathExpression cached = XPATHS.get(path);
        if (cached != null) {
            return cached;
        }
        try {
            XPath xpath = XPathFactory.newInstance().newXPath();
            XPathExpression compiled = xpath.compile(path);
            if (XPATHS.size() > 10_000) {
                XPATHS.clear();
            }
            XPATHS.put(path, compiled);
            return compiled;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("not an XPath: " + path);
        }
    }

    private static JsonNode convert(Element element, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TooDeep();
        }
        NamedNodeMap attributes = element.getAttributes();
        boolean children = hasElementChildren(element);
        if (!children && attributes.getLength() == 0) {
            return JsonNodeFactory.instance.textNode(element.getTextContent().trim());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            out.put("@" + attribute.getNodeName(), attribute.getNodeValue());
        }
        if (!children) {
            String text = element.getTextContent().trim();
            if (!text.isEmpty()) {
                out.put("#text", text);
            }
            return out;
        }
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element child) {
                JsonNode value = convert(child, depth + 1);
                JsonNode existing = out.get(child.getNodeName());
                if (existing == null) {
                    out.set(child.getNodeName(), value);
                } else if (existing.isArray()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) existing).add(value);
                } else {
                    out.set(child.getNodeName(), JsonNodeFactory.instance.arrayNode().add(existing).add(value));
                }
            }
        }
        return out;
    }

    private static boolean hasElementChildren(Node node) {
        NodeList nodes = node.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                return true;
            }
        }
        return false;
    }

    private static DocumentBuilderFactory safeFactory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks the features that make it safe", e);
        }
    }

    /** A body that is not a document of the connection's format, with an internal reason. */
    public static final class PayloadParseException extends RuntimeException {
        private final String reason;

        public PayloadParseException(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }
}
