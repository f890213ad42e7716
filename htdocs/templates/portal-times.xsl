<?xml version="1.0" encoding="UTF-8"?>
<!-- portal-times.xsl: Arbeitszeiten: entries by week and day with totals, per employee, resources. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('area.times')"/> – <xsl:value-of select="project/name"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:call-template name="project-header"><xsl:with-param name="area">times</xsl:with-param></xsl:call-template>
    <xsl:call-template name="times-body"><xsl:with-param name="editable" select="false()"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
