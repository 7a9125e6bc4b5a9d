package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The compliance queue: merges what arrives while it works, never blocks the submitter, retries, stops. */
class PendingEvaluationsTest {
    record Call(String cluster, Set<String> namespaces, String thread) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Test
    void submitReturnsAtOnceAndNamespacesQueuedDuringAnEvaluationAreMergedIntoOneCallPerCluster() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var q = new PendingEvaluations((cluster, namespaces) -> {
            calls.add(new Call(
                    cluster, Set.copyOf(namespaces), Thread.currentThread().getName()));
            if (calls.size() == 1) {
                started.countDown();
                await(release);
            }
        })) {
            q.submit("east", Set.of("a"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            // the first evaluation is blocked; these three submissions return at once and wait together
            q.submit("east", Set.of("b", "c"));
            q.submit("west", Set.of("x"));
            q.submit("east", Set.of("c", "d"));
            assertThat(q.busy()).isTrue();
            assertThat(q.await(Duration.ofMillis(100))).isFalse();
            release.countDown();
            assertThat(q.await(Duration.ofSeconds(5))).isTrue();
            assertThat(q.busy()).isFalse();
        }
        assertThat(calls)
                .containsExactly(
                        new Call("east", Set.of("a"), "compliance-evaluator"),
                        new Call("east", Set.of("b", "c", "d"), "compliance-evaluator"),
                        new Call("west", Set.of("x"), "compliance-evaluator"));
    }

    @Test
    void aFailedEvaluationIsTriedAgainAndAwaitWaitsForTheRetry() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (var q = new PendingEvaluations((cluster, namespaces) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("database went away");
            }
            calls.add(new Call(
                    cluster, Set.copyOf(namespaces), Thread.currentThread().getName()));
        })) {
            q.submit("east", Set.of("a"));
            assertThat(q.await(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(attempts).hasValue(2);
        assertThat(calls).extracting(Call::namespaces).containsExactly(Set.of("a"));
    }

    @Test
    void anEvaluationThatKeepsFailingIsGivenUpAfterThreeAttemptsAndLaterWorkStillRuns() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (var q = new PendingEvaluations((cluster, namespaces) -> {
            if (cluster.equals("broken")) {
                attempts.incrementAndGet();
                throw new IllegalStateException("bad input");
            }
            calls.add(new Call(
                    cluster, Set.copyOf(namespaces), Thread.currentThread().getName()));
        })) {
            q.submit("broken", Set.of("a"));
            assertThat(q.await(Duration.ofSeconds(10))).isTrue();
            q.submit("east", Set.of("b"));
            assertThat(q.await(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(attempts).hasValue(PendingEvaluations.ATTEMPTS);
        assertThat(calls).extracting(Call::cluster).containsExactly("east");
    }

    @Test
    void anErrorSkipsOnlyItsClusterAndDoesNotKillTheQueueNorLeaveWaitersHanging() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var q = new PendingEvaluations((cluster, namespaces) -> {
            if (cluster.equals("gate")) {
                started.countDown();
                await(release);
                return;
            }
            if (cluster.equals("poison")) {
                throw new StackOverflowError("deep");
            }
            calls.add(new Call(
                    cluster, Set.copyOf(namespaces), Thread.currentThread().getName()));
        })) {
            q.submit("gate", Set.of("g"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            // one round: "poison" comes before "west", which must still be evaluated
            q.submit("poison", Set.of("a"));
            q.submit("west", Set.of("w"));
            release.countDown();
            assertThat(q.await(Duration.ofSeconds(5))).isTrue();
            q.submit("east", Set.of("b"));
            assertThat(q.await(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(calls).extracting(Call::cluster).containsExactly("west", "east");
    }

    @Test
    void emptySubmissionsStartNothingAndAClosedQueueTakesNoWork() throws Exception {
        var q = new PendingEvaluations((cluster, namespaces) -> calls.add(
                new Call(cluster, Set.copyOf(namespaces), Thread.currentThread().getName())));
        q.submit("east", Set.of());
        assertThat(q.busy()).isFalse();
        assertThat(q.await(Duration.ZERO)).isTrue();
        q.close();
        q.submit("east", Set.of("a"));
        assertThat(q.busy()).isFalse();
        assertThat(q.closed()).isTrue();
        Thread.sleep(100);
        assertThat(calls).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
