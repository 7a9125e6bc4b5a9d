package io.bulkhead.compliance;

/** How widely one control fails: in how many namespaces, and how many failed findings in all. */
public record ControlFailures(Control control, int namespaces, int findings) {}
