/** Contact storage, recipient selection and SMTP sending (scheduled, retried). */
@NullMarked
package io.bulkhead.mail.internal;

import org.jspecify.annotations.NullMarked;
