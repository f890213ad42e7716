<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-planning.xsl: the staff's shift planning of a project: week view, list with edit and
     delete, the form for a new or changed shift, and the CSV import. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('area.planning')"/> – <xsl:value-of select="project/name"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="edit" select="form[@name = 'shift']/@edit"/>
    <xsl:call-template name="project-header"><xsl:with-param name="area">planning</xsl:with-param></xsl:call-template>
    <section class="card" id="shift-form">
      <h2><xsl:choose><xsl:when test="$edit"><xsl:value-of select="kp:t('planning.edit')"/></xsl:when><xsl:otherwise><xsl:value-of select="kp:t('planning.new')"/></xsl:otherwise></xsl:choose></h2>
      <form method="post" class="stack">
        <xsl:attribute name="action"><xsl:value-of select="$pbase"/>/planning<xsl:if test="$edit">/<xsl:value-of select="$edit"/></xsl:if><xsl:value-of select="$kept-lists"/></xsl:attribute>
        <xsl:call-template name="csrf"/>
        <div class="grid">
          <xsl:call-template name="field"><xsl:with-param name="f">shift</xsl:with-param><xsl:with-param name="n">date</xsl:with-param><xsl:with-param name="label">planning.date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">shift</xsl:with-param><xsl:with-param name="n">from</xsl:with-param><xsl:with-param name="label">planning.from</xsl:with-param><xsl:with-param name="type">time</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">shift</xsl:with-param><xsl:with-param name="n">to</xsl:with-param><xsl:with-param name="label">planning.to</xsl:with-param><xsl:with-param name="type">time</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="f">shift</xsl:with-param><xsl:with-param name="n">employee</xsl:with-param><xsl:with-param name="label">planning.employee</xsl:with-param><xsl:with-param name="type">employee</xsl:with-param></xsl:call-template>
        </div>
        <xsl:call-template name="field"><xsl:with-param name="f">shift</xsl:with-param><xsl:with-param name="n">activity</xsl:with-param><xsl:with-param name="label">planning.activity</xsl:with-param><xsl:with-param name="max">200</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="f">shift</xsl:with-param><xsl:with-param name="n">note</xsl:with-param><xsl:with-param name="label">planning.note</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="max">2000</xsl:with-param></xsl:call-template>
        <div class="buttons">
          <button type="submit" class="primary"><xsl:value-of select="kp:t('staff.save')"/></button>
          <xsl:if test="$edit"><a class="button" href="{$pbase}/planning?week={week/@monday}{$kept-all}"><xsl:value-of select="kp:t('staff.cancel')"/></a></xsl:if>
        </div>
      </form>
    </section>
    <section>
      <h2><xsl:value-of select="kp:t('planning.week')"/></h2>
      <xsl:call-template name="week-view"><xsl:with-param name="editable" select="true()"/></xsl:call-template>
      <p class="meta"><xsl:value-of select="kp:t('planning.delete_cancels')"/></p>
    </section>
    <xsl:call-template name="cancelled-shifts"/>
    <xsl:call-template name="shift-list"><xsl:with-param name="list" select="upcoming"/><xsl:with-param name="editable" select="true()"/></xsl:call-template>
    <xsl:call-template name="shift-list"><xsl:with-param name="list" select="past"/><xsl:with-param name="editable" select="true()"/></xsl:call-template>
    <xsl:call-template name="import-form">
      <xsl:with-param name="action" select="concat($pbase, '/planning/import')"/>
      <xsl:with-param name="title">planning.import</xsl:with-param>
      <xsl:with-param name="help">planning.import_help</xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
