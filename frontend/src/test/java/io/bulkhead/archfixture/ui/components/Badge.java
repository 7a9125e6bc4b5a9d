package io.bulkhead.archfixture.ui.components;

/** A shared component that uses no screen. */
public class Badge {
    public String text() {
        return "ok";
    }
}
