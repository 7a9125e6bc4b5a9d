package io.bulkhead.archfixture.alpha;

import io.bulkhead.archfixture.beta.Beta;

/** One half of a package cycle. */
public class Alpha {
    public Beta beta() {
        return new Beta();
    }
}
