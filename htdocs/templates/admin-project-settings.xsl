<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-project-settings.xsl: "Einstellungen" of the project list: Voreinstellung für neue Projekte. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('defaults.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="f" select="form[@id = 'admin-project-settings']"/>
    <p class="crumbs"><a href="{$mount}/projects"><xsl:value-of select="kp:t('projects.title')"/></a></p>
    <h1><xsl:value-of select="kp:t('defaults.title')"/></h1>
    <xsl:if test="string($f/@alert)">
      <p role="status">
        <xsl:attribute name="class">alert <xsl:choose><xsl:when test="starts-with($f/@alert, 'error')">error</xsl:when><xsl:otherwise>ok</xsl:otherwise></xsl:choose></xsl:attribute>
        <xsl:value-of select="kp:t($f/@alert)"/></p>
    </xsl:if>
    <form method="post" action="{$mount}/projects/settings" class="card stack">
      <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
      <xsl:call-template name="hidden"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'version'"/></xsl:call-template>
      <h2><xsl:value-of select="kp:t('defaults.new_projects')"/></h2>
      <xsl:call-template name="checkbox">
        <xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'portal_enabled'"/>
        <xsl:with-param name="label" select="'project.portal'"/>
      </xsl:call-template>
      <p class="meta"><xsl:value-of select="kp:t('defaults.explain')"/></p>
      <p class="actions"><button type="submit" class="primary"><xsl:value-of select="kp:t('page.save')"/></button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
