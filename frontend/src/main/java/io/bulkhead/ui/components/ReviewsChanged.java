package io.bulkhead.ui.components;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;

/**
 * Fired on the UI when the review queue changed (a request or an exception was decided), so the review count in
 * the navigation follows at once. Lives here, not in the shell, so that views fire it without depending on the
 * shell's layout.
 */
public final class ReviewsChanged extends ComponentEvent<UI> {
    ReviewsChanged(UI ui) {
        super(ui, false);
    }

    /** Views call this after deciding a request. */
    public static void fire() {
        UI ui = UI.getCurrent();
        if (ui != null) {
            ComponentUtil.fireEvent(ui, new ReviewsChanged(ui));
        }
    }
}
