package io.bulkhead.provisioning;

/**
 * The preview of adopting an existing namespace: what is in it now, and every object Bulkhead would apply to it.
 *
 * @param existing the namespace as it is now
 * @param yaml the objects Bulkhead would apply (the tier's, for the chosen team), as YAML
 */
public record AdoptionPreview(ExistingNamespace existing, String yaml) {}
