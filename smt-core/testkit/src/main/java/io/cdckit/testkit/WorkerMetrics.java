package io.cdckit.testkit;

import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics of an in-process Connect worker, read as an operator reads them: through JMX. The
 * plugin metrics from the worker's {@code kafka.connect:type=plugins,...} MBeans (Kafka 4.1 and
 * later), and Connect's own per-task metrics ({@link #task}, every supported Kafka line), such as
 * the error handling's {@value #TASK_ERRORS} ({@value #RECORDS_SKIPPED}: e.g. the records a
 * source task skipped because a transform failed on them under {@code errors.tolerance=all}).
 */
public final class WorkerMetrics {

    /** Connect's group of a task's error handling metrics ({@code kafka.connect:type=task-error-metrics}). */
    public static final String TASK_ERRORS = "task-error-metrics";
    /** In {@value #TASK_ERRORS}: records the task skipped after an error {@code errors.tolerance=all} tolerated. */
    public static final String RECORDS_SKIPPED = "total-records-skipped";
    /** In {@value #TASK_ERRORS}: records on which an operation (converter, transform, put) failed. */
    public static final String RECORD_FAILURES = "total-record-failures";

    private WorkerMetrics() {
    }

    /**
     * One task's MBean of a Connect metric group: its values by metric name, empty while the task
     * has not registered it (not started yet, or stopped).
     */
    public record TaskMBean(String group, String connector, int task, Map<String, Object> values) {
        public double number(String metric) {
            Object v = values.get(metric);
            if (!(v instanceof Number)) {
                throw new AssertionError("no numeric metric " + metric + " in " + this);
            }
            return ((Number) v).doubleValue();
        }
    }

    /**
     * The MBean {@code kafka.connect:type=<group>,connector=<connector>,task=<task>} of Connect's own
     * task metrics, e.g. {@code task(TASK_ERRORS, "pg", 0).number(RECORDS_SKIPPED)}. Kafka updates
     * them as records pass, so a test waits for the value it expects rather than reading it once.
     */
    public static TaskMBean task(String group, String connector, int task) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:type=" + group + ",*"), null)) {
                if (!connector.equals(unquoted(name.getKeyProperty("connector")))
                        || !Integer.toString(task).equals(unquoted(name.getKeyProperty("task")))) {
                    continue;
                }
                for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                    values.put(a.getName(), server.getAttribute(name, a.getName()));
                }
            }
        } catch (javax.management.InstanceNotFoundException e) {
            values.clear(); // the task stopped while being read: as if not registered
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the worker's JMX metrics", e);
        }
        return new TaskMBean(group, connector, task, values);
    }

    /** A key property as Kafka wrote it: quoted when it holds characters JMX reserves. */
    private static String unquoted(String property) {
        return property != null && property.startsWith("\"") ? ObjectName.unquote(property) : property;
    }

    /** One plugin's MBean: its tags (connector, task, transformation or converter) and metric values. */
    public record PluginMBean(Map<String, String> tags, Map<String, Object> values) {
        public double number(String metric) {
            Object v = values.get(metric);
            if (!(v instanceof Number)) {
                throw new AssertionError("no numeric metric " + metric + " in " + this);
            }
            return ((Number) v).doubleValue();
        }
    }

    /** Whether this Kafka line hands plugins their metrics ({@code Monitorable}, Kafka 4.1+). */
    public static boolean pluginMetricsSupported() {
        try {
            Class.forName("org.apache.kafka.common.metrics.Monitorable");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The plugin MBeans of {@code connector}'s tasks and plugins. */
    public static List<PluginMBean> plugins(String connector) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<PluginMBean> out = new ArrayList<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null)) {
                if (!connector.equals(name.getKeyProperty("connector"))) {
                    continue;
                }
                Map<String, String> tags = new TreeMap<>(name.getKeyPropertyList());
                tags.remove("type");
                Map<String, Object> values = new LinkedHashMap<>();
                for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                    values.put(a.getName(), server.getAttribute(name, a.getName()));
                }
                out.add(new PluginMBean(tags, values));
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the worker's JMX metrics", e);
        }
        return out;
    }

    /** The MBean of the plugin with these tags (besides connector), e.g. {@code transformation=unwrap}. */
    public static PluginMBean plugin(String connector, String tag, String value) {
        List<PluginMBean> found = plugins(connector).stream().filter(m -> value.equals(m.tags().get(tag))).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one plugin MBean with " + tag + "=" + value + " for connector "
                    + connector + ", found " + plugins(connector));
        }
        return found.get(0);
    }
}
