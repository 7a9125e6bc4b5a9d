package io.bulkhead.ui.components;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chart drawn in the browser by Apache ECharts, served from its webjar (no custom frontend bundle). The server
 * sends a plain ECharts option object; {@code scripts/bulkhead-charts.js} fills in Lumo's colours (resolved through
 * {@code getComputedStyle}, ECharts cannot parse {@code light-dark()}) and redraws on resize. The chart is an image
 * to assistive technology, labelled by {@link #describe(String)}: the same figures are always in a table next to it.
 */
public class Chart extends Div {
    /** The webjar on the classpath (org.webjars.npm:echarts), served by Spring Boot under /webjars. */
    public static final String ECHARTS = "/webjars/echarts/5.3.1/dist/echarts.min.js";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private String option = "{}";

    public Chart(String id) {
        setId(id);
        addClassName("chart");
        getElement().setAttribute("role", "img");
    }

    /** What the chart shows, for screen readers and as tooltip. */
    public Chart describe(String text) {
        getElement().setAttribute("aria-label", text);
        getElement().setAttribute("title", text);
        return this;
    }

    /** Sets the ECharts option (a tree of maps and lists) and draws it if the chart is shown. */
    public void draw(Object echartsOption) {
        option = JSON.writeValueAsString(echartsOption);
        if (isAttached()) {
            send();
        }
    }

    /** The option last drawn, as JSON. */
    String option() {
        return option;
    }

    @Override
    protected void onAttach(AttachEvent e) {
        super.onAttach(e);
        e.getUI().getPage().addJavaScript(ECHARTS);
        e.getUI().getPage().addJavaScript("/scripts/bulkhead-charts.js");
        send();
    }

    private void send() {
        getElement()
                .executeJs(
                        "const el = this, opt = $0;"
                                + "(function go(n) { if (window.bulkheadCharts) { window.bulkheadCharts.draw(el, JSON.parse(opt)); }"
                                + " else if (n < 200) { setTimeout(() => go(n + 1), 50); } })(0);",
                        option);
    }
}
