<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>Viewer for Xen hypervisor traces (xentrace files).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trace to open (plain or .zst); the demo trace when omitted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>xenoscope::widgets::DiagnosticsView</name>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — nothing could be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trace from a big-endian host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Damaged chunk header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunk runs past the end of the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record runs past the end of its chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Truncated record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrupt or truncated zstd data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time goes backwards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>xenoscope::widgets::MainWindow</name>
    <message>
        <source>&lt;h2&gt;No trace open&lt;/h2&gt;&lt;p&gt;Open a xentrace file with &lt;b&gt;File → Open…&lt;/b&gt; (%1), pick one from &lt;b&gt;File → Open Recent&lt;/b&gt;, or drop it onto this window.&lt;/p&gt;&lt;p&gt;Plain and zstd-compressed (&lt;tt&gt;.zst&lt;/tt&gt;) traces are read.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a xentrace file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Xenoscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop reading the trace (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xen traces (*.xentrace *.xentrace.zst *.trace *.bin *.zst);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Xenoscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Xenoscope %1&lt;/h3&gt;&lt;p&gt;A viewer for Xen hypervisor traces: files written by &lt;tt&gt;xentrace&lt;/tt&gt;, plain or zstd-compressed.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Reading %1…&lt;/h2&gt;&lt;p&gt;%2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TSC %1 GHz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TSC %1 GHz (assumed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TSC rate given by the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>TSC rate estimated from %n scheduler slice(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The trace gives no TSC rate; times in seconds assume this rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n problem(s)&lt;/b&gt; while reading %1. Everything readable is shown. &lt;a href=&quot;#problems&quot;&gt;Show problems&lt;/a&gt;</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Could not read %1&lt;/h2&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Nothing in it could be read as a xentrace file.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Reading %1 was cancelled&lt;/h2&gt;&lt;p&gt;Open it again with &lt;b&gt;File → Open Recent&lt;/b&gt; or drop another trace here.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xenoscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Xenoscope</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>xenoscope::widgets::TracePropertiesModel</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compressed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes (zstd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decompressed size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With TSC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without TSC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-buffer fillers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost records</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n gap(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>pCPU %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lost over %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TSC %1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First TSC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last TSC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cycles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Span (time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GHz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rate was given by the user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rate was estimated from the trace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>assumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trace has no usable scheduler slices: the rate is assumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TSC rate used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every time in seconds is cycles divided by this rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TSC rate estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n slice(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Scheduler slices of at least 1 ms whose runtime Xen records in nanoseconds, compared with their TSC deltas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Physical CPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No record of this pCPU carries a TSC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cycles (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle domain (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n vCPU(s): %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Event ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n distinct</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Byte %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Property</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>xenoscope::widgets::TracePropertiesView</name>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Expand All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ollapse All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>xenoscope::widgets::TraceSummaryView</name>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Physical CPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TSC rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2, zstd-compressed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 TSC cycles</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n chunk(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>busiest: pCPU %1 (%2 records)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>dom0, %n guest(s) and idle</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>most common: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GHz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>given by the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>estimated from %n scheduler slice(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>assumed: no usable scheduler slices</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>in %n gap(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>the file reads cleanly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>see the Problems panel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
