package io.bulkhead.tokens;

/**
 * A token just created: the only time its secret exists outside the caller's hands. Show it once, never store
 * or log it.
 *
 * @param secret the whole token, {@code bkh_<prefix>_<secret>}
 */
public record IssuedToken(ApiToken token, String secret) {
    @Override
    public String toString() {
        return "IssuedToken[" + token.prefix() + "]";
    }
}
