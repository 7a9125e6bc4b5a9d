package io.bulkhead.tenancy;

/** A team, mapped from an OIDC group. */
public record Team(String id, String displayName, String oidcGroup) {}
