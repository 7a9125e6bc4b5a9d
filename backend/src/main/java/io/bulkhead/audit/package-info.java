/** The append-only, hash-chained audit trail: recording events, querying them, exporting and verifying the chain. */
@NullMarked
package io.bulkhead.audit;

import org.jspecify.annotations.NullMarked;
