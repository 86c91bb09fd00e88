<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>xenoscope::widgets::MainWindow</name>
    <message numerus="yes">
        <source>TSC rate estimated from %n scheduler slice(s)</source>
        <translation>
            <numerusform>TSC rate estimated from %n scheduler slice</numerusform>
            <numerusform>TSC rate estimated from %n scheduler slices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n problem(s)&lt;/b&gt; while reading %1. Everything readable is shown. &lt;a href=&quot;#problems&quot;&gt;Show problems&lt;/a&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n problem&lt;/b&gt; while reading %1. Everything readable is shown. &lt;a href=&quot;#problems&quot;&gt;Show problems&lt;/a&gt;</numerusform>
            <numerusform>&lt;b&gt;%n problems&lt;/b&gt; while reading %1. Everything readable is shown. &lt;a href=&quot;#problems&quot;&gt;Show problems&lt;/a&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>xenoscope::widgets::TracePropertiesModel</name>
    <message numerus="yes">
        <source>%1 in %n gap(s)</source>
        <translation>
            <numerusform>%1 in %n gap</numerusform>
            <numerusform>%1 in %n gaps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n slice(s)</source>
        <translation>
            <numerusform>%n slice</numerusform>
            <numerusform>%n slices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vCPU(s): %1</source>
        <translation>
            <numerusform>%n vCPU: %1</numerusform>
            <numerusform>%n vCPUs: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n distinct</source>
        <translation>
            <numerusform>%n distinct</numerusform>
            <numerusform>%n distinct</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>xenoscope::widgets::TraceSummaryView</name>
    <message numerus="yes">
        <source>%1 in %n chunk(s)</source>
        <translation>
            <numerusform>%1 in %n chunk</numerusform>
            <numerusform>%1 in %n chunks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>dom0, %n guest(s) and idle</source>
        <translation>
            <numerusform>dom0, %n guest and idle</numerusform>
            <numerusform>dom0, %n guests and idle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>estimated from %n scheduler slice(s)</source>
        <translation>
            <numerusform>estimated from %n scheduler slice</numerusform>
            <numerusform>estimated from %n scheduler slices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n gap(s)</source>
        <translation>
            <numerusform>in %n gap</numerusform>
            <numerusform>in %n gaps</numerusform>
        </translation>
    </message>
</context>
</TS>
