package io.hookgate.gateway.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A compact JWS (JWT) as received: the signature is checked over the received {@code header.payload}
 * bytes, never a re-serialisation, and the algorithm must be exactly the one configured (no {@code none},
 * no HS/RS confusion).
 */
final class Jws {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String algorithm;
    final JsonNode claims;
    final byte[] signingInput;
    final byte[] signature;

    private Jws(String algorithm, JsonNode claims, byte[] signingInput, byte[] signature) {
        this.algorithm = algorithm;
        this.claims = claims;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    /** The token's parts, or null when it is not a well-formed compact JWS. */
    static Jws parse(String token) {
        if (token == null || token.length() > Crypto.MAX_HEADER_CHARS) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(b64.decode(parts[0]));
            JsonNode claims = JSON.readTree(b64.decode(parts[1]));
            if (header == null || !header.isObject() || claims == null || !claims.isObject() || !header.path("alg").isTextual()) {
                return null;
            }
            return new Jws(header.get("alg").asText(), claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                    b64.decode(parts[2]));
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    boolean verifiedBy(Crypto.Keyed hs256) {
        return "HS256".equals(algorithm) && hs256.matchesAny(signature, signingInput);
    }

    boolean verifiedBy(PublicKey rs256) {
        if (!"RS256".equals(algorithm)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(rs256);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** An RSA public key from PEM ({@code -----BEGIN PUBLIC KEY-----}) or bare base64 X.509. */
    static PublicKey rsaPublicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("auth.publicKey must be an RSA public key in PEM (BEGIN PUBLIC KEY)");
        }
    }
}
