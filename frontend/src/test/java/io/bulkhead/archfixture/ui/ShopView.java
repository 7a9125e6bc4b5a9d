package io.bulkhead.archfixture.ui;

import io.bulkhead.archfixture.shop.internal.ShopStore;

/** A view that reaches into a feature's internals. */
public class ShopView {
    private final ShopStore store = new ShopStore();

    public ShopStore store() {
        return store;
    }
}
