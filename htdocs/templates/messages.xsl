<?xml version="1.0" encoding="UTF-8"?>
<!-- messages.xsl: Nachrichten: the project chat, for customers and staff alike. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('area.messages')"/> – <xsl:value-of select="project/name"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:call-template name="project-header"><xsl:with-param name="area">messages</xsl:with-param></xsl:call-template>
    <xsl:call-template name="chat"/>
  </xsl:template>
</xsl:stylesheet>
