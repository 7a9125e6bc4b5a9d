package io.bulkhead.archfixture.ui;

import io.bulkhead.archfixture.shop.Shop;

/** A view that uses only the feature's API. */
public class TidyView {
    private final Shop shop = new Shop();

    public Shop shop() {
        return shop;
    }
}
