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
 * The plugin metrics of an in-process Connect worker, read as an operator reads them: through
 * JMX, from the worker's {@code kafka.connect:type=plugins,...} MBeans (Kafka 4.1 and later).
 */
public final class WorkerMetrics {

    private WorkerMetrics() {
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
