<?xml version="1.0" encoding="UTF-8"?>
<!-- portal-project.xsl: a project's page with one tab per permitted area. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="project/name"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="project/name"/></h1>
    <xsl:if test="string(project/address)"><p class="meta"><xsl:value-of select="project/address"/></p></xsl:if>
    <nav class="tabs" aria-label="{kp:t('project.areas')}">
      <ul>
        <xsl:for-each select="project/permissions/perm">
          <li><a href="{$mount}/projects/{/page/project/@id}/{@area}"><xsl:value-of select="kp:t(concat('area.', @area))"/></a></li>
        </xsl:for-each>
      </ul>
    </nav>
    <xsl:if test="not(project/permissions/perm)">
      <p class="empty"><xsl:value-of select="kp:t('project.no_areas')"/></p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
