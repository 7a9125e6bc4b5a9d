package io.bulkhead.ui.components;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/** Dashboard cards. */
public final class Cards {
    private Cards() {}

    /** A title, a big figure and a caption, read out as one phrase ("Mean score: 82.5, 12 namespaces"). */
    public static Div metric(String title, String value, String caption) {
        Span v = new Span(value);
        v.addClassName("metric");
        Div c = new Div(new H3(title), v, new Paragraph(caption));
        c.addClassName("card");
        c.getElement().setAttribute("aria-label", title + ": " + value + ", " + caption);
        return c;
    }
}
