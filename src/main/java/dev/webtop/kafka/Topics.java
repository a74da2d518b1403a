package dev.webtop.kafka;

import dev.webtop.base.WebtopException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Makes webtop's topics when the cluster lacks them, with the cluster's default partitions and replicas. */
final class Topics {
    private static final long WAIT_SECONDS = 15;

    private Topics() {
    }

    /**
     * A topic just created takes a moment before each partition has a leader; a first send in
     * that moment would wait for it, and with a short delivery timeout fail.
     */
    private static void awaitLeaders(Admin admin, List<String> topics)
        throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
            boolean led = described.values().stream()
                .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (led) {
                return;
            }
            Thread.sleep(100);
        }
    }

    static void ensure(KafkaSettings settings, String... topics) {
        try (Admin admin = Admin.create(settings.admin())) {
            Set<String> existing = admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.empty(), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw WebtopException.unreachable("Kafka refused to list or create the topics " + String.join(", ", topics)
                    + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw WebtopException.unreachable(settings.unreachable("Kafka"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WebtopException.failure("interrupted while checking Kafka's topics", e);
        }
    }
}
