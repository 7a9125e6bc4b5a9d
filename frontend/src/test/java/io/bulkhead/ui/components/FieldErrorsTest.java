package io.bulkhead.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.textfield.TextField;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldErrorsTest {

    @Test
    void putsEachMessageAtItsFieldAndClearsThemAgain() {
        TextField name = new TextField();
        TextField team = new TextField();
        ErrorText tier = new ErrorText("tier-error");
        Map<String, com.vaadin.flow.component.HasValidation> fields = Map.of("name", name, "team", team, "tier", tier);

        FieldErrors.show(Map.of("name", "Too long", "tier", "Pick a tier"), fields);

        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("Too long");
        assertThat(team.isInvalid()).isFalse();
        assertThat(tier.isVisible()).isTrue();
        assertThat(tier.getText()).isEqualTo("Pick a tier");

        FieldErrors.clear(fields);

        assertThat(name.isInvalid()).isFalse();
        assertThat(name.getErrorMessage()).isNullOrEmpty();
        assertThat(tier.isVisible()).isFalse();
    }
}
