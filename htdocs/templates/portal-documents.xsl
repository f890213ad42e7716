<?xml version="1.0" encoding="UTF-8"?>
<!-- portal-documents.xsl: Dokumente: list with downloads, and the upload form where allowed. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('area.documents')"/> – <xsl:value-of select="project/name"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:call-template name="project-header"><xsl:with-param name="area">documents</xsl:with-param></xsl:call-template>
    <xsl:if test="upload/@allowed != '1' and string(upload/@error)">
      <p class="alert error" role="alert"><xsl:value-of select="kp:t(upload/@error)"/></p>
    </xsl:if>
    <xsl:call-template name="document-list"/>
    <xsl:if test="upload/@allowed = '1'">
      <xsl:call-template name="upload-form"/>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
