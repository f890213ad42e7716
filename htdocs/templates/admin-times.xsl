<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-times.xsl: the staff's working times and resources of a project: forms for new and
     changed rows, the list with edit and delete, and the CSV import. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('area.times')"/> – <xsl:value-of select="project/name"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="edit" select="form[@name = 'entry']/@edit"/>
    <xsl:variable name="edit-res" select="form[@name = 'resource']/@edit"/>
    <xsl:call-template name="project-header"><xsl:with-param name="area">times</xsl:with-param></xsl:call-template>
    <section class="card" id="entry-form">
      <h2><xsl:choose><xsl:when test="$edit"><xsl:value-of select="kp:t('times.edit')"/></xsl:when><xsl:otherwise><xsl:value-of select="kp:t('times.new')"/></xsl:otherwise></xsl:choose></h2>
      <form method="post" class="stack">
        <xsl:attribute name="action"><xsl:value-of select="$pbase"/>/times<xsl:if test="$edit">/<xsl:value-of select="$edit"/></xsl:if></xsl:attribute>
        <xsl:call-template name="csrf"/>
        <div class="grid">
          <xsl:call-template name="field"><xsl:with-param name="f">entry</xsl:with-param><xsl:with-param name="n">date</xsl:with-param><xsl:with-param name="label">times.date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">entry</xsl:with-param><xsl:with-param name="n">from</xsl:with-param><xsl:with-param name="label">times.from</xsl:with-param><xsl:with-param name="type">time</xsl:with-param></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">entry</xsl:with-param><xsl:with-param name="n">to</xsl:with-param><xsl:with-param name="label">times.to</xsl:with-param><xsl:with-param name="type">time</xsl:with-param></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">entry</xsl:with-param><xsl:with-param name="n">minutes</xsl:with-param><xsl:with-param name="label">times.minutes</xsl:with-param><xsl:with-param name="type">number</xsl:with-param></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">entry</xsl:with-param><xsl:with-param name="n">employee</xsl:with-param><xsl:with-param name="label">times.employee</xsl:with-param><xsl:with-param name="type">employee</xsl:with-param></xsl:call-template>
        </div>
        <xsl:call-template name="field"><xsl:with-param name="f">entry</xsl:with-param><xsl:with-param name="n">activity</xsl:with-param><xsl:with-param name="label">times.activity</xsl:with-param><xsl:with-param name="max">200</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="f">entry</xsl:with-param><xsl:with-param name="n">note</xsl:with-param><xsl:with-param name="label">times.note</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="max">2000</xsl:with-param></xsl:call-template>
        <div class="buttons">
          <button type="submit" class="primary"><xsl:value-of select="kp:t('staff.save')"/></button>
          <xsl:if test="$edit"><a class="button" href="{$pbase}/times"><xsl:value-of select="kp:t('staff.cancel')"/></a></xsl:if>
        </div>
      </form>
    </section>
    <section class="card" id="resource-form">
      <h2><xsl:choose><xsl:when test="$edit-res"><xsl:value-of select="kp:t('times.edit_resource')"/></xsl:when><xsl:otherwise><xsl:value-of select="kp:t('times.new_resource')"/></xsl:otherwise></xsl:choose></h2>
      <form method="post" class="stack">
        <xsl:attribute name="action"><xsl:value-of select="$pbase"/>/resources<xsl:if test="$edit-res">/<xsl:value-of select="$edit-res"/></xsl:if></xsl:attribute>
        <xsl:call-template name="csrf"/>
        <div class="grid">
          <xsl:call-template name="field"><xsl:with-param name="f">resource</xsl:with-param><xsl:with-param name="n">date</xsl:with-param><xsl:with-param name="label">times.date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">resource</xsl:with-param><xsl:with-param name="n">kind</xsl:with-param><xsl:with-param name="label">times.kind</xsl:with-param><xsl:with-param name="type">kind</xsl:with-param></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">resource</xsl:with-param><xsl:with-param name="n">name</xsl:with-param><xsl:with-param name="label">times.resource</xsl:with-param><xsl:with-param name="max">200</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">resource</xsl:with-param><xsl:with-param name="n">quantity</xsl:with-param><xsl:with-param name="label">times.quantity</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">resource</xsl:with-param><xsl:with-param name="n">unit</xsl:with-param><xsl:with-param name="label">times.unit</xsl:with-param><xsl:with-param name="max">20</xsl:with-param></xsl:call-template>
        </div>
        <div class="buttons">
          <button type="submit" class="primary"><xsl:value-of select="kp:t('staff.save')"/></button>
          <xsl:if test="$edit-res"><a class="button" href="{$pbase}/times"><xsl:value-of select="kp:t('staff.cancel')"/></a></xsl:if>
        </div>
      </form>
    </section>
    <xsl:call-template name="times-body"><xsl:with-param name="editable" select="true()"/></xsl:call-template>
    <xsl:call-template name="import-form">
      <xsl:with-param name="action" select="concat($pbase, '/times/import')"/>
      <xsl:with-param name="title">times.import</xsl:with-param>
      <xsl:with-param name="help">times.import_help</xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
