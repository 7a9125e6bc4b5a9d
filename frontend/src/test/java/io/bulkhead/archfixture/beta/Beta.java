package io.bulkhead.archfixture.beta;

import io.bulkhead.archfixture.alpha.Alpha;

/** The other half of a package cycle. */
public class Beta {
    public Alpha alpha() {
        return new Alpha();
    }
}
