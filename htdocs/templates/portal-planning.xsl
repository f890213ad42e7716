<?xml version="1.0" encoding="UTF-8"?>
<!-- portal-planning.xsl: Planung: week view, upcoming and past shifts, ICS and subscription. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('area.planning')"/> – <xsl:value-of select="project/name"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:call-template name="project-header"><xsl:with-param name="area">planning</xsl:with-param></xsl:call-template>
    <section>
      <h2><xsl:value-of select="kp:t('planning.week')"/></h2>
      <xsl:call-template name="week-view"/>
    </section>
    <xsl:call-template name="cancelled-shifts"/>
    <xsl:call-template name="shift-list"><xsl:with-param name="list" select="upcoming"/></xsl:call-template>
    <xsl:call-template name="shift-list"><xsl:with-param name="list" select="past"/></xsl:call-template>
    <section class="card">
      <h2><xsl:value-of select="kp:t('planning.calendar')"/></h2>
      <p><a class="button" href="{$pbase}/planning.ics"><xsl:value-of select="kp:t('planning.download_ics')"/></a></p>
      <p><xsl:value-of select="kp:t('planning.subscribe_help')"/></p>
      <xsl:if test="calendar/@url">
        <p class="alert ok" role="status"><xsl:value-of select="kp:t('planning.url_once')"/></p>
        <label for="calendar-url"><xsl:value-of select="kp:t('planning.url')"/></label>
        <input type="text" id="calendar-url" readonly="readonly" value="{calendar/@url}"/>
        <button type="button" hidden="hidden" data-copy="calendar-url" data-copied="{kp:t('planning.copied')}"><xsl:value-of select="kp:t('planning.copy')"/></button>
      </xsl:if>
      <form method="post" action="{$pbase}/planning/calendar" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit">
          <xsl:value-of select="kp:t(concat('planning.subscribe_', calendar/@active))"/>
        </button>
      </form>
      <xsl:text> </xsl:text>
      <xsl:if test="calendar/@active = '1'">
        <form method="post" action="{$pbase}/planning/calendar/revoke" class="inline">
          <xsl:call-template name="csrf"/>
          <button type="submit"><xsl:value-of select="kp:t('planning.revoke')"/></button>
        </form>
      </xsl:if>
    </section>
  </xsl:template>
</xsl:stylesheet>
